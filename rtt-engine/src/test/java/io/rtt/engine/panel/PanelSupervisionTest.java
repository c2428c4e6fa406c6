package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.rtt.engine.Engine;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.model.Lane;
import io.rtt.engine.plan.Plan;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "silent deaths": no long-lived thread of the panel dies unnoticed. Errors are injected into the real
 * threads, through the runner they run under in production: through the watcher's clock, or delivered into a thread
 * as an {@link OutOfMemoryError} would arrive ({@link Thread#stop()}, which raises a {@link ThreadDeath} wherever the
 * thread is).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PanelSupervisionTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

    @Test
    void shouldReplaceAWatcherThatDiedOfAnErrorAndFollowTheHead() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, null);
        final WatcherClock clock = new WatcherClock(1);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(20).nanoClock(clock)
            .errorHandler(errors::add)))
        {
            awaitTrue(() -> clock.failuresLeft <= 0 && errors.size() == 1, () -> "the watcher never died: " + errors);
            assertEquals("java.lang.OutOfMemoryError: injected into the watcher", errors.get(0).toString());

            commitShmCatalog(engine);
            awaitTrue(() -> panel.status().stream().anyMatch(s -> s.route().equals("api->catalog") && s.served() &&
                s.lane() == Lane.SHM), () -> "the new watcher never followed the head: " + panel.status());
        }
    }

    @Test
    void shouldStopLoudlyWhenItsWatcherKeepsDying() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, null);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(20)
            .nanoClock(new WatcherClock(Integer.MAX_VALUE)).errorHandler(errors::add)))
        {
            final String stopped = "the panel stopped: its WAL watcher died 4 times in a row, last of " +
                "java.lang.OutOfMemoryError: injected into the watcher";
            awaitTrue(() -> panel.status().stream().allMatch(s -> !s.served() && s.detail().equals(stopped)),
                () -> "the panel never said it stopped: " + panel.status());
            assertEquals(stopped, assertThrows(IllegalStateException.class, panel::reconcile).getMessage());
            assertEquals(List.of(), LaneDirectory.of(engine.workspace()).published(), "its routes are closed");
            assertEquals(4, errors.size(), errors.toString());
        }
    }

    @Test
    void shouldListARouteWhoseDriverThreadDiedAsUnservedServeItAnewAndGiveUpWhenItKeepsDying() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, null);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).errorHandler(errors::add)))
        {
            assertEquals("[[1]]", rows(sql(engine, "select 1")));
            for (int death = 1; death <= Panel.MAX_RESTARTS + 1; death++)
            {
                kill("rtt-driver-ledger");
                awaitTrue(() -> detail(panel, "worker->ledger").equals("the driver thread of ledger died: " +
                    "java.lang.ThreadDeath; serving it anew at the panel's next reconcile"),
                    () -> "the dead driver's route is still listed as served: " + panel.status());
                panel.reconcile();
                if (death <= Panel.MAX_RESTARTS)
                {
                    assertTrue(status(panel, "worker->ledger").served(), panel.status().toString());
                }
            }
            assertEquals("failed 4 times in a row, last: the driver thread of ledger died: java.lang.ThreadDeath; " +
                "not restarted until its route changes or the panel restarts", detail(panel, "worker->ledger"));
            assertTrue(status(panel, "api->catalog").served(), "the other routes serve on");
        }
    }

    @Test
    void shouldServeAnewByItselfARouteWhoseLaneThreadDied() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, null);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).watchIntervalMs(20)
            .errorHandler(errors::add)))
        {
            final Path laneFile = Path.of(status(panel, "worker->ledger").detail() + ".lane");
            assertEquals("[[1]]", rows(sql(engine, "select 1")));

            final Thread killed = kill("rtt-intake-worker->ledger");
            // the dead intake closed its lane (its clients see it go), and the watcher serves the route anew
            awaitTrue(() -> status(panel, "worker->ledger").served() && Files.exists(laneFile) &&
                Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t != killed && t.isAlive() &&
                    t.getName().equals("rtt-intake-worker->ledger")),
                () -> "the route was never served anew: " + panel.status());
            assertEquals("[[2]]", rows(sql(engine, "select 2")));
        }
    }

    /** Raises a {@link ThreadDeath} in the named thread, wherever it is, and waits for it to end; returns it. */
    @SuppressWarnings("deprecation")
    private static Thread kill(final String threadName) throws InterruptedException
    {
        final Thread thread = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(threadName) && t.isAlive()).findFirst()
            .orElseThrow(() -> new AssertionError("no thread " + threadName));
        thread.stop();
        thread.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NS));
        assertTrue(!thread.isAlive(), threadName + " outlived a ThreadDeath");
        return thread;
    }

    private static void commitShmCatalog(final Engine engine) throws IOException
    {
        Files.writeString(engine.workspace().root().resolve("rtt.yaml"),
            "routes:\n  \"api->catalog\": { lane: shm }\n");
        final Plan next = engine.plan();
        engine.applier().sign(next, null, 0, Duration.ofHours(1));
        assertTrue(engine.applier().apply(next, false).committed());
    }

    /** A statement on worker->ledger, by a client that connects afresh, as a client of a route served anew does. */
    private static String sql(final Engine engine, final String statement)
    {
        final long giveUpAt = System.nanoTime() + WAIT_NS;
        while (true)
        {
            try (RouteClient ledger = RouteClient.connect(engine.workspace().root(), "worker->ledger"))
            {
                return new String(ledger.request(statement.getBytes(StandardCharsets.UTF_8), TIMEOUT).join(),
                    StandardCharsets.UTF_8);
            }
            catch (final RuntimeException notYet)
            {
                assertTrue(System.nanoTime() - giveUpAt < 0, "worker->ledger never answered: " + notYet);
                Thread.yield();
            }
        }
    }

    private static String rows(final String answer)
    {
        return answer.substring(answer.indexOf("\"rows\":") + "\"rows\":".length(), answer.length() - 1);
    }

    private static RouteStatus status(final Panel panel, final String route)
    {
        return panel.status().stream().filter(s -> s.route().equals(route)).findFirst().orElseThrow();
    }

    private static String detail(final Panel panel, final String route)
    {
        return status(panel, route).detail();
    }

    private static void awaitTrue(final BooleanSupplier condition, final Supplier<String> what)
    {
        final long giveUpAt = System.nanoTime() + WAIT_NS;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - giveUpAt < 0, what);
            Thread.yield();
        }
    }

    /**
     * The system clock, except that a read from within the watcher's turn throws an {@link OutOfMemoryError}, so
     * many times: an Error thrown where the watcher's own code runs.
     */
    private static final class WatcherClock implements NanoClock
    {
        volatile int failuresLeft;

        WatcherClock(final int failures)
        {
            this.failuresLeft = failures;
        }

        @Override
        public long nanoTime()
        {
            if (failuresLeft > 0 && StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals(WalWatcher.class.getName()) && f.getMethodName().equals("doWork"))))
            {
                failuresLeft--;
                throw new OutOfMemoryError("injected into the watcher");
            }
            return System.nanoTime();
        }
    }
}
