package io.rtt.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.health.CanaryVerdict;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Verdict;
import io.rtt.engine.panel.CanaryStatus;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.PanelClient;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.wal.WalRecord;
import io.rtt.testsupport.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries on a real panel serving the example: the plan is committed, each changed route runs its new definition
 * beside the old one on half its messages, the traffic is real (the requests {@code rtt up} sends), and the panel's
 * oracle decides. Latency differences between two driver threads on a shared machine are noise this test does not
 * judge, so its policy asks a latency shift of 500% before one rejects; errors decide.
 */
class CanaryApplyTest
{
    private static final String ROUTES = """
        routes:
          "api->catalog": { lane: uds, rate: %d, backpressure: failFast, priority: %d }
          "worker->ledger": { lane: shm, deadlineMs: 50, priority: 3 }
        canary: { minSamples: 20, minLatencyShift: 5 }
        """;
    private static final String AUTOMATION = "automation: { key: alice, rollback: true }\n";
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldRejectACanaryThatFailsMoreAndRollItBackByItselfWithTheNumbersInTheLog() throws IOException
    {
        final Engine engine = committed(ROUTES.formatted(100_000, 1) + AUTOMATION);
        final Graph before = engine.applier().head();
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(50)))
        {
            // 10 messages a second, failing fast: the canary refuses nearly everything it is given
            final Plan plan = signed(engine, ROUTES.formatted(10, 1) + AUTOMATION);

            final CanaryApply.Report report = engine.applyCanary(plan, 0.5, MAX_WAIT, 400);

            final CanaryStatus canary = report.canary();
            assertEquals("rolled_back", canary.state(), canary.toString());
            final CanaryVerdict verdict = only(canary).verdict();
            assertEquals(CanaryVerdict.Decision.REJECT, verdict.decision());
            assertTrue(verdict.failsMore(), verdict.toString());
            assertTrue(verdict.canary().errorRate() > 0.5, verdict.toString());
            assertEquals(0, verdict.baseline().failures(), verdict.toString());
            assertTrue(report.traffic().get(0).ok() < 400, "some requests were refused by the canary");
            assertEquals(before.digest(), engine.applier().head().digest(), "rolled back to the graph before");

            final List<WalRecord> log = engine.verifyLog().records();
            final int size = log.size();
            assertEquals(List.of(WalRecord.APPLY, WalRecord.VERDICT, WalRecord.ROLLBACK),
                log.subList(size - 3, size).stream().map(WalRecord::kind).toList());
            assertEquals(report.applied().seq(), log.get(size - 3).seq());
            assertEquals(Long.valueOf(size - 1), canary.verdictFrame());
            assertEquals(Long.valueOf(size), canary.rollbackFrame());
            final Verdict recorded = log.get(size - 2).verdict();
            assertEquals(Verdict.CANARY, recorded.subject());
            assertEquals(Verdict.ROLLBACK, recorded.decision());
            assertTrue(recorded.findings().get(0).startsWith("api->catalog: "), recorded.findings().toString());
            assertTrue(recorded.summary().contains("rejected"), recorded.summary());
            assertTrue(canary.note().contains("flight recording: "), canary.note());
        }
    }

    @Test
    void shouldPromoteACanaryThatIsNoWorseAndRecordTheVerdict() throws IOException
    {
        final Engine engine = committed(ROUTES.formatted(100_000, 1) + AUTOMATION);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(50)))
        {
            final Plan plan = signed(engine, ROUTES.formatted(100_000, 2) + AUTOMATION);

            final CanaryApply.Report report = engine.applyCanary(plan, 0.5, MAX_WAIT, 400);

            final CanaryStatus canary = report.canary();
            assertEquals("promoted", canary.state(), canary.toString());
            assertEquals(CanaryVerdict.Decision.PROMOTE, only(canary).verdict().decision());
            assertEquals(plan.graph(), engine.applier().head().digest(), "the plan stands");
            final List<WalRecord> log = engine.verifyLog().records();
            assertEquals(WalRecord.VERDICT, log.get(log.size() - 1).kind());
            assertEquals(Verdict.PROMOTE, log.get(log.size() - 1).verdict().decision());
            assertNull(canary.rollbackFrame());
            // the route now serves its new definition, on a new lane, fully
            try (RouteClient client = RouteClient.connect(engine.workspace().root(), "api->catalog"))
            {
                assertEquals("ping", new String(client.request("ping".getBytes(), Duration.ofSeconds(10)).join()));
            }
        }
    }

    @Test
    void shouldHoldTheBaselineAndSayWhichCommandFinishesWhenRttMayNotRollBack() throws IOException
    {
        final Engine engine = committed(ROUTES.formatted(100_000, 1));
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(50)))
        {
            final Plan plan = signed(engine, ROUTES.formatted(10, 1));

            final CanaryApply.Report report = engine.applyCanary(plan, 0.5, MAX_WAIT, 400);

            final CanaryStatus canary = report.canary();
            assertEquals("rejected", canary.state(), canary.toString());
            assertTrue(canary.note().contains("`rtt rollback --to " + (report.applied().seq() - 1) + " "),
                canary.note());
            assertNull(canary.verdictFrame());
            assertEquals(plan.graph(), engine.applier().head().digest(), "the change stays committed");
            // the baseline, unlimited, serves every request meanwhile
            try (RouteClient client = RouteClient.connect(engine.workspace().root(), "api->catalog"))
            {
                for (int i = 0; i < 50; i++)
                {
                    client.request(new byte[] {(byte)i}, Duration.ofSeconds(10)).join();
                }
            }
        }
    }

    @Test
    void shouldStopARunningCanarysDriverWhenThePanelCloses() throws IOException
    {
        final Engine engine = committed(ROUTES.formatted(100_000, 1));
        final Plan plan = signed(engine, ROUTES.formatted(100_000, 2));
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(50)))
        {
            PanelClient.armCanary(engine.workspace(), plan.base(), plan.graph(), 0.5, MAX_WAIT);
            engine.applier().apply(plan, false);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"running".equals(PanelClient.canary(engine.workspace()).state()) &&
                System.nanoTime() - deadline < 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertEquals("running", PanelClient.canary(engine.workspace()).state());
            assertTrue(canaryDrivers() > 0, "the canary runs a driver of its own");
        }

        assertEquals(0, canaryDrivers(), "a closed panel leaves no canary driver running");
    }

    private static long canaryDrivers()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().endsWith("-canary")).count();
    }

    @Test
    void shouldRefuseACanaryWithoutARunningPanelCommittingNothing() throws IOException
    {
        final Engine engine = committed(ROUTES.formatted(100_000, 1));
        final Plan plan = signed(engine, ROUTES.formatted(10, 1));
        final long frames = engine.log().size();

        final RttException ex = assertThrows(RttException.class,
            () -> engine.applyCanary(plan, 0.5, MAX_WAIT, 0));

        assertEquals(RttException.Kind.REFUSED, ex.kind());
        assertTrue(ex.getMessage().contains("rtt serve --detach"), ex.getMessage());
        assertEquals(frames, engine.log().size());
    }

    private Engine committed(final String policy) throws IOException
    {
        final Path shop = Examples.copy("shop", dir);
        Files.writeString(shop.resolve("rtt.yaml"), policy);
        return CommittedWorkspace.commit(shop);
    }

    private static Plan signed(final Engine engine, final String policy) throws IOException
    {
        Files.writeString(engine.workspace().root().resolve("rtt.yaml"), policy);
        final Plan plan = engine.plan();
        engine.applier().sign(plan, null, 0, Duration.ofHours(1));
        return plan;
    }

    private static CanaryStatus.RouteCanary only(final CanaryStatus canary)
    {
        assertEquals(1, canary.routes().size(), canary.toString());
        assertNotNull(canary.routes().get(0).verdict());
        assertEquals("api->catalog", canary.routes().get(0).route());
        return canary.routes().get(0);
    }
}
