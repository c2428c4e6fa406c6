package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.flight.FlightRecorder;
import io.rtt.engine.flight.ReconcileEvent;
import io.rtt.engine.flight.RecordingStatus;
import io.rtt.engine.flight.RollbackEvent;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.trust.Keyring;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panel's flight recording over its control socket: a dump holds the panel's reconciles and a rollback committed
 * while it ran, read back with JFR's own parser; requests the verb refuses; a panel started without a recording
 * says so.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PanelRecordingTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String POLICY = "routes:\n  \"api->catalog\": { lane: uds }\n";

    @TempDir
    Path dir;

    @Test
    void shouldDumpARecordingThatHoldsTheReconcilesAndTheRollbackOfItsLifetime() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, POLICY);
        final Path recordings = engine.workspace().layout().recordingsDir();
        try (Panel panel = Panel.start(new Panel.Context().engine(engine)))
        {
            final long appliedSeq = engine.applier().committedHead().seq();
            final List<RouteStatus> atStart = panel.status();
            final long servedAtStart = atStart.stream().filter(RouteStatus::served).count();
            final RecordingStatus before = engine.recording();
            assertTrue(before.running(), before.toString());
            assertEquals(recordings.toString(), before.directory());
            assertEquals(List.of(), before.dumps());
            assertEquals(600, before.maxAgeSeconds());
            assertEquals(32L * 1024 * 1024, before.maxSizeBytes());

            final Applier.Outcome rollback = engine.applier().rollback(0, false);
            assertEquals(0, panel.reconcile().stream().filter(RouteStatus::served).count());

            final RecordingStatus.Dump dump = engine.dumpRecording("panel-test");
            final Path file = Path.of(dump.path());
            assertEquals(recordings, file.getParent());
            assertTrue(file.getFileName().toString().matches("\\d{8}T\\d{6}\\.\\d{3}Z-panel-test\\.jfr"),
                file.toString());
            assertEquals(Files.size(file), dump.bytes());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(recordings)));
            assertEquals(List.of(dump), engine.recording().dumps());

            final List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            final List<RecordedEvent> reconciles = named(events, ReconcileEvent.NAME);
            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES, servedAtStart, atStart.toString());
            assertTrue(reconciles.stream().anyMatch(e -> e.getLong("headSeq") == appliedSeq &&
                e.getInt("routesServed") == servedAtStart &&
                e.getInt("routesUnserved") == atStart.size() - servedAtStart), "the start's reconcile: " + reconciles);
            assertTrue(reconciles.stream().anyMatch(e -> e.getLong("headSeq") == rollback.seq() &&
                e.getInt("routesServed") == 0 && e.getInt("routesUnserved") == 0), "the reconcile after the " +
                "rollback: " + reconciles);
            final List<RecordedEvent> rollbacks = named(events, RollbackEvent.NAME);
            assertEquals(1, rollbacks.size(), rollbacks.toString());
            assertEquals(rollback.seq(), rollbacks.get(0).getLong("seq"));
            assertEquals(0, rollbacks.get(0).getLong("toSeq"));
            assertEquals("", rollbacks.get(0).getString("toPlanId"));
            assertEquals(Keyring.of(engine.workspace()).localKeys().get(0).id(), rollbacks.get(0).getString("by"));
        }
        assertEquals(1, FlightRecorder.dumps(recordings).size(), "the dump outlives the panel");
    }

    @Test
    void shouldRefuseARecordRequestWithABadReasonAFieldItDoesNotKnowOrAReasonWithoutADump() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, POLICY);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine)))
        {
            final RttException early = assertThrows(RttException.class, () -> engine.dumpRecording("../../x"));
            assertEquals(RttException.Kind.BAD_INPUT, early.kind());
            assertEquals("reason \"../../x\": expected 1 to 40 letters, digits, '-' or '_', starting with a letter " +
                "or digit (it names the dump's file)", early.getMessage());

            final Path socket = PanelControl.socketPath(engine.workspace());
            assertEquals("{\"error\":\"reason \\\"a/b\\\": expected 1 to 40 letters, digits, '-' or '_', starting " +
                "with a letter or digit (it names the dump's file)\",\"format\":\"rtt.panel/1\",\"ok\":false}",
                answer(socket, "{\"format\":\"rtt.panel/1\",\"verb\":\"record\",\"dump\":true,\"reason\":\"a/b\"}"));
            assertEquals("{\"error\":\"reason must be a string, got 7\",\"format\":\"rtt.panel/1\",\"ok\":false}",
                answer(socket, "{\"format\":\"rtt.panel/1\",\"verb\":\"record\",\"dump\":true,\"reason\":7}"));
            assertEquals("{\"error\":\"reason names a dump: send it with \\\"dump\\\": true\"," +
                "\"format\":\"rtt.panel/1\",\"ok\":false}",
                answer(socket, "{\"format\":\"rtt.panel/1\",\"verb\":\"record\",\"reason\":\"x\"}"));
            assertEquals("{\"error\":\"dump must be true or false, got \\\"yes\\\"\",\"format\":\"rtt.panel/1\"," +
                "\"ok\":false}", answer(socket, "{\"format\":\"rtt.panel/1\",\"verb\":\"record\",\"dump\":\"yes\"}"));
            assertEquals("{\"error\":\"unknown field \\\"since\\\" for verb record; known: [dump, format, reason, " +
                "verb]\",\"format\":\"rtt.panel/1\",\"ok\":false}",
                answer(socket, "{\"format\":\"rtt.panel/1\",\"verb\":\"record\",\"since\":60}"));

            assertFalse(Files.exists(engine.workspace().layout().recordingsDir()), "nothing was dumped");
            assertTrue(answer(socket, "{\"format\":\"rtt.panel/1\",\"verb\":\"record\",\"dump\":true}")
                .contains("-manual.jfr\""), "a dump without a reason is a manual one");
        }
    }

    @Test
    void shouldSayAPanelStartedWithoutARecordingKeepsNone() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, POLICY);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).flightRecorder(false)))
        {
            final RecordingStatus status = engine.recording();
            assertFalse(status.running());
            assertEquals("", status.startedAt());
            final RttException none = assertThrows(RttException.class, () -> engine.dumpRecording("x"));
            assertEquals(RttException.Kind.BAD_INPUT, none.kind());
            assertEquals("the panel refused the request: this panel keeps no flight recording: it was started with " +
                "the flight recorder off, or its JVM has none", none.getMessage());
        }
    }

    private static List<RecordedEvent> named(final List<RecordedEvent> events, final String name)
    {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    private static String answer(final Path socket, final String request) throws IOException
    {
        return new String(PanelClient.exchange(socket, request.getBytes(StandardCharsets.UTF_8), TIMEOUT),
            StandardCharsets.UTF_8);
    }
}
