package io.rtt.engine.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flight recorder on its own: RTT's events go into its recording and come back out of a dump with their fields;
 * dumps are owner-only, named for their time and reason, and bounded in number; a reason that could not be part of a
 * file name is refused.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FlightRecorderTest
{
    /** A fixed clock: every dump falls in the same millisecond, so names must still come out unique and in order. */
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2025-03-04T05:06:07.089Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void shouldRecordEveryRttEventAndReadItBackFromADump() throws Exception
    {
        final Path recordings = dir.resolve("recordings");
        try (FlightRecorder recorder = FlightRecorder.start(recordings, FROZEN))
        {
            assertTrue(recorder.status().running());
            assertTrue(FlightEvents.recording());
            final ReconcileEvent reconcile = FlightEvents.reconcileStarted();
            FlightEvents.reconcileFinished(reconcile, 7, 2, 1);
            FlightEvents.apply(8, "sha256:plan", "key-a,key-b");
            FlightEvents.rollback(9, 3, "sha256:older", "key-a");
            FlightEvents.breakerTransition("api->catalog", "closed", "open", "5 errors in 10 requests over 50%");
            FlightEvents.routeSloBreach("api->catalog", "p99", 1500.5, 1000);
            FlightEvents.verifyVerdict(false, 2, "api->catalog p99 1500.5 us over 1000 us; breaker open");

            final RecordingStatus.Dump dump = recorder.dump("unit-test");
            final List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(dump.path()));

            final RecordedEvent r = only(events, ReconcileEvent.NAME);
            assertEquals(7, r.getLong("headSeq"));
            assertEquals(2, r.getInt("routesServed"));
            assertEquals(1, r.getInt("routesUnserved"));
            assertFalse(r.getDuration().isNegative());
            assertEquals("RTT", r.getEventType().getCategoryNames().get(0));

            final RecordedEvent a = only(events, ApplyEvent.NAME);
            assertEquals(8, a.getLong("seq"));
            assertEquals("sha256:plan", a.getString("planId"));
            assertEquals("key-a,key-b", a.getString("signer"));

            final RecordedEvent b = only(events, RollbackEvent.NAME);
            assertEquals(9, b.getLong("seq"));
            assertEquals(3, b.getLong("toSeq"));
            assertEquals("sha256:older", b.getString("toPlanId"));
            assertEquals("key-a", b.getString("by"));

            final RecordedEvent t = only(events, BreakerTransitionEvent.NAME);
            assertEquals("api->catalog", t.getString("route"));
            assertEquals("closed", t.getString("from"));
            assertEquals("open", t.getString("to"));
            assertEquals("5 errors in 10 requests over 50%", t.getString("reason"));

            final RecordedEvent s = only(events, RouteSloBreachEvent.NAME);
            assertEquals("p99", s.getString("quantile"));
            assertEquals(1500.5, s.getDouble("observedUs"));
            assertEquals(1000, s.getDouble("boundUs"));

            final RecordedEvent v = only(events, VerifyVerdictEvent.NAME);
            assertFalse(v.getBoolean("passed"));
            assertEquals(2, v.getInt("failures"));
            assertEquals("api->catalog p99 1500.5 us over 1000 us; breaker open", v.getString("summary"));
            assertEquals(null, v.getStackTrace(), "RTT's events carry no stack: they say what happened");
        }
    }

    @Test
    void shouldWriteOwnerOnlyDumpsNamedForTheirTimeAndKeepTheNewestTwenty() throws Exception
    {
        final Path recordings = dir.resolve("recordings");
        final List<String> written = new ArrayList<>();
        try (FlightRecorder recorder = FlightRecorder.start(recordings, FROZEN))
        {
            for (int i = 0; i < FlightRecorder.MAX_DUMPS + 5; i++)
            {
                written.add(Path.of(recorder.dump("dump-" + i).path()).getFileName().toString());
            }
            assertEquals("20250304T050607.089Z-dump-0.jfr", written.get(0));
            assertEquals("20250304T050607.090Z-dump-1.jfr", written.get(1), "one millisecond later, to sort in order");
            Files.writeString(recordings.resolve("notes.txt"), "a file of the user's is not a dump: left alone");

            final RecordingStatus status = recorder.status();
            assertEquals(FlightRecorder.MAX_DUMPS, status.dumps().size());
            assertEquals(FlightRecorder.MAX_DUMPS, status.maxDumps());
            assertEquals(recordings.toString(), status.directory());
            final List<String> kept = status.dumps().stream().map(d -> Path.of(d.path()).getFileName().toString())
                .toList();
            final List<String> newest = new ArrayList<>(written.subList(5, written.size()));
            Collections.reverse(newest);
            assertEquals(newest, kept, "the newest twenty, newest first");
            assertTrue(status.dumps().stream().allMatch(d -> d.bytes() > 0), status.toString());
        }
        assertEquals("rwx------", mode(recordings));
        try (Stream<Path> files = Files.list(recordings))
        {
            final List<Path> all = files.toList();
            assertEquals(FlightRecorder.MAX_DUMPS + 1, all.size(), all.toString());
            for (final Path file : all)
            {
                if (file.toString().endsWith(".jfr"))
                {
                    assertEquals("rw-------", mode(file), file.toString());
                }
            }
        }
        assertEquals(FlightRecorder.MAX_DUMPS, FlightRecorder.notRecording(recordings).dumps().size(),
            "the dumps outlive the recorder");
    }

    @Test
    void shouldRefuseAReasonThatCannotBePartOfAFileName() throws Exception
    {
        for (final String bad : new String[] {"", "../../etc/passwd", "a/b", "with space", "-leading", "dot.jfr",
            "x".repeat(FlightRecorder.MAX_REASON_CHARS + 1), "naïve"})
        {
            final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> FlightRecorder.checkReason(bad));
            assertEquals("reason \"" + bad + "\": expected 1 to 40 letters, digits, '-' or '_', starting with a " +
                "letter or digit (it names the dump's file)", refused.getMessage());
        }
        assertEquals("verify_failed-2", FlightRecorder.checkReason("verify_failed-2"));
        try (FlightRecorder recorder = FlightRecorder.start(dir.resolve("recordings"), FROZEN))
        {
            assertThrows(IllegalArgumentException.class, () -> recorder.dump("../escape"));
            assertFalse(Files.exists(dir.resolve("recordings")), "a refused dump writes nothing");
        }
    }

    @Test
    void shouldStopRecordingWhenClosedAndRefuseDumpsThen()
    {
        final FlightRecorder recorder = FlightRecorder.start(dir.resolve("recordings"), FROZEN);
        recorder.close();
        recorder.close();
        assertFalse(recorder.status().running());
        final IllegalStateException closed = assertThrows(IllegalStateException.class, () -> recorder.dump("late"));
        assertEquals("the flight recorder is closed", closed.getMessage());
    }

    private static RecordedEvent only(final List<RecordedEvent> events, final String name)
    {
        final List<RecordedEvent> named = events.stream().filter(e -> e.getEventType().getName().equals(name))
            .toList();
        assertEquals(1, named.size(), name + " in " + events.stream().map(e -> e.getEventType().getName())
            .distinct().toList());
        return named.get(0);
    }

    private static String mode(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
