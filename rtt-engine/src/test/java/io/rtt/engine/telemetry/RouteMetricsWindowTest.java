package io.rtt.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A route's metrics window on a clock the test drives: slices roll, windows add up whole slices and the open one,
 * old slices fall off the ring, and the running total is unaffected by the slicing.
 */
class RouteMetricsWindowTest
{
    private static final long START_NS = 1_000_000_000_000L;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RouteMetrics metrics = new RouteMetrics("a->b", "shm", "echo", true, START_NS);
    private final Histogram scratch = RouteMetrics.newScratch();

    /** One second of traffic: {@code requests} requests, each timed at {@code latencyUs}, and {@code errors}. */
    private void second(final int requests, final long latencyUs, final int errors)
    {
        for (int i = 0; i < requests; i++)
        {
            metrics.increment(RouteCounter.REQUESTS);
            metrics.add(RouteCounter.BYTES_IN, 10);
            metrics.recordLatency(TimeUnit.MICROSECONDS.toNanos(latencyUs));
        }
        for (int i = 0; i < errors; i++)
        {
            metrics.increment(RouteCounter.ERRORS);
        }
    }

    @Test
    void shouldReportOnlyTheSlicesInsideTheWindowWithRatesOverTheTimeCovered()
    {
        second(100, 10, 0);
        metrics.roll(START_NS + SECOND);
        second(300, 1000, 3);
        metrics.roll(START_NS + 2 * SECOND);
        second(50, 100, 0);

        final long now = START_NS + 2 * SECOND + SECOND / 2;
        final RouteWindow lastSecond = metrics.window(SECOND, now, scratch);
        assertEquals(1.5, lastSecond.seconds(), "the open half second and the whole slice before it");
        assertEquals(350, lastSecond.requests());
        assertEquals(3, lastSecond.errors());
        assertEquals(3500, lastSecond.bytesIn());
        assertEquals(233.33, lastSecond.requestsPerSecond());
        assertEquals(2.0, lastSecond.errorsPerSecond());
        assertEquals(350, lastSecond.latency().samples());
        assertEquals(1000, lastSecond.latency().p50Us(), 10, "300 of 350 took 1 ms");
        assertEquals(1000, lastSecond.latency().maxUs(), 10);

        final RouteWindow whole = metrics.window(60 * SECOND, now, scratch);
        assertEquals(2.5, whole.seconds(), "the route is younger than the window");
        assertEquals(450, whole.requests());
        assertEquals(450, whole.latency().samples());
        assertEquals(1000, whole.latency().p50Us(), 10, "300 of 450 took 1 ms");
        assertEquals(180.0, whole.requestsPerSecond());
    }

    @Test
    void shouldForgetSlicesOlderThanTheRingWhileTheTotalKeepsEverything()
    {
        second(1000, 5000, 0);
        long now = START_NS;
        for (int i = 1; i <= RouteMetrics.WINDOW_SLICES + 5; i++)
        {
            now = START_NS + i * SECOND;
            metrics.roll(now);
            second(1, 10, 0);
        }

        final RouteWindow window = metrics.window(RouteMetrics.WINDOW_SLICES * SECOND, now, scratch);
        assertEquals(RouteMetrics.WINDOW_SLICES, window.seconds(), "a full ring of whole slices and the open one");
        assertEquals(RouteMetrics.WINDOW_SLICES + 1, window.requests(), "the first second's burst fell off the ring");
        assertEquals(10, window.latency().maxUs(), 0.1);
        assertEquals(1000 + RouteMetrics.WINDOW_SLICES + 5, metrics.latencies().getTotalCount(),
            "the running total has every latency");
        assertEquals(1000 + RouteMetrics.WINDOW_SLICES + 5, metrics.get(RouteCounter.REQUESTS));
    }

    @Test
    void shouldSeeLatenciesReadBetweenRollsInTheirSlice()
    {
        second(10, 20, 0);
        assertEquals(10, metrics.latencies().getTotalCount(), "a total read drains the recorder");
        second(10, 40, 0);
        assertEquals(20, metrics.window(SECOND, START_NS + SECOND / 2, scratch).latency().samples(),
            "a window read drains it too");
        metrics.roll(START_NS + SECOND);
        second(5, 80, 0);

        final RouteWindow window = metrics.window(2 * SECOND, START_NS + SECOND + SECOND / 4, scratch);
        assertEquals(25, window.latency().samples());
        assertEquals(25, window.requests());
        assertEquals(40, window.latency().p50Us(), 1);
        assertEquals(80, window.latency().maxUs(), 1);
        assertEquals(25, metrics.latencies().getTotalCount());
    }

    @Test
    void shouldReportNothingWhenDisabledAndRefuseAnEmptyWindow()
    {
        final RouteMetrics off = new RouteMetrics("a->b", "uds", "echo", false, START_NS);
        off.increment(RouteCounter.REQUESTS);
        off.recordLatency(1000);
        off.roll(START_NS + SECOND);

        final RouteWindow window = off.window(SECOND, START_NS + SECOND, scratch);
        assertEquals(0, window.requests());
        assertEquals(0, window.seconds());
        assertEquals(new RouteWindow.Latency(0, 0, 0, 0, 0, 0), window.latency());
        final IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
            () -> metrics.window(0, START_NS, scratch));
        assertEquals("windowNs=0: a window must be longer than zero", empty.getMessage());
        assertTrue(metrics.window(SECOND, START_NS, scratch).requestsPerSecond() == 0, "no time covered, no rate");
    }
}
