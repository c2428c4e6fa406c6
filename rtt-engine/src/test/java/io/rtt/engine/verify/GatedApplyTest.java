package io.rtt.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.drivers.AppendLogDriverProvider;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Verdict;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.wal.WalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatedApplyTest
{
    private static final Duration WINDOW = Duration.ofSeconds(5);
    /** The same, and a broker the app names that cannot be reached: its route cannot be served. */
    private static final String COMPOSE_WITH_UNREACHABLE = """
        services:
          app:
            build: ./app
            environment:
              EVENTS_ADDR: events:9092
              AUDIT_ADDR: %s:9092
          events:
            image: apache/kafka:3.8.0
          %s:
            image: apache/kafka:3.8.0
        """.formatted(AppendLogDriverProvider.UNREACHABLE_PREFIX + "-audit",
        AppendLogDriverProvider.UNREACHABLE_PREFIX + "-audit");

    @TempDir
    Path dir;

    @Test
    void shouldRollBackByItselfWhenVerifyFailsAfterAnApplyAndProveItInTheLog() throws IOException
    {
        final Engine engine = committed("automation:\n  key: alice\n  rollback: true\n");
        final Graph before = engine.applier().head();
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(50)))
        {
            final Plan plan = signedChange(engine);

            final GatedApply.Report report = engine.applyVerified(plan, WINDOW);

            assertTrue(report.applied().committed());
            assertNotNull(report.verify());
            assertFalse(report.verify().passed());
            assertTrue(report.verify().failures().stream().anyMatch(c -> "app->unreachable-audit".equals(c.route())
                && c.detail().contains("refused the connection")), report.verify().toString());
            assertNotNull(report.rollback(), report.note());
            assertEquals(before.digest(), engine.applier().head().digest(), "the head is the graph before again");

            final List<WalRecord> records = engine.verifyLog().records();
            assertEquals(List.of(WalRecord.TRUST, WalRecord.APPLY, WalRecord.APPLY, WalRecord.VERDICT,
                WalRecord.ROLLBACK), records.stream().map(WalRecord::kind).toList());
            final Verdict verdict = records.get(3).verdict();
            assertEquals(Verdict.VERIFY, verdict.subject());
            assertEquals(Verdict.ROLLBACK, verdict.decision());
            assertEquals(report.applied().seq(), verdict.frame());
            assertTrue(verdict.findings().stream().anyMatch(f -> f.startsWith("app->unreachable-audit: live: ")),
                verdict.findings().toString());
            assertEquals("seq:" + (report.applied().seq() - 1), records.get(4).plan());
        }
    }

    @Test
    void shouldLeaveTheChangeCommittedAndSayHowToFinishWhenRttMayNotRollBack() throws IOException
    {
        final Engine engine = committed(null);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(50)))
        {
            final Plan plan = signedChange(engine);

            final GatedApply.Report report = engine.applyVerified(plan, WINDOW);

            assertFalse(report.verify().passed());
            assertNull(report.rollback());
            assertEquals(plan.graph(), engine.applier().head().digest());
            assertTrue(report.note().contains("rtt.yaml names no automation key"), report.note());
            assertTrue(report.note().contains("`rtt rollback --to " + (report.applied().seq() - 1) + " "),
                report.note());
        }
    }

    @Test
    void shouldPassAGoodChangeAndSayNothingIsVerifiedWithoutAPanel() throws IOException
    {
        final Engine engine = committed("automation:\n  key: alice\n  rollback: true\n");
        Files.writeString(engine.workspace().root().resolve("compose.yaml"),
            CommittedWorkspace.APP_AND_BROKER.replace("events:9092", "events:9093"));
        final Plan plan = engine.plan();
        engine.applier().sign(plan, null, 0, Duration.ofHours(1));

        final GatedApply.Report report = engine.applyVerified(plan, WINDOW);

        assertTrue(report.applied().committed());
        assertNull(report.verify());
        assertTrue(report.note().startsWith("not verified: no panel serves the workspace"), report.note());
    }

    private Engine committed(final String policy) throws IOException
    {
        return CommittedWorkspace.appAndBroker(dir.resolve("ws"), policy);
    }

    private static Plan signedChange(final Engine engine) throws IOException
    {
        Files.writeString(engine.workspace().root().resolve("compose.yaml"), COMPOSE_WITH_UNREACHABLE);
        final Plan plan = engine.plan();
        engine.applier().sign(plan, null, 0, Duration.ofHours(1));
        return plan;
    }
}
