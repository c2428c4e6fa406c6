package io.rtt.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The summary's quantiles look at the last minute, as Prometheus's own summaries look at a sliding window, while its
 * sum and count, and the counters, go on from the route's start. A route's breaker is a gauge of its state now.
 */
class PrometheusTextTest
{
    private static final long START_NS = 5_000_000_000_000L;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void shouldGiveQuantilesOfTheLastMinuteAndTotalsSinceTheStart()
    {
        final RouteMetrics metrics = new RouteMetrics("a->b", "shm", "echo", true, START_NS);
        for (int i = 0; i < 100; i++)
        {
            metrics.increment(RouteCounter.REQUESTS);
            metrics.recordLatency(TimeUnit.MILLISECONDS.toNanos(5));
        }
        for (int s = 1; s <= 61; s++)
        {
            metrics.roll(START_NS + s * SECOND);
        }
        metrics.increment(RouteCounter.REQUESTS);
        metrics.recordLatency(TimeUnit.MICROSECONDS.toNanos(10));

        final String recent = PrometheusText.format(List.of(metrics), START_NS + 61 * SECOND + SECOND / 2);
        final String labels = "{route=\"a->b\",lane=\"shm\",driver=\"echo\"";
        assertTrue(recent.contains("rtt_route_latency_seconds" + labels + ",quantile=\"0.999\"} 0.0000100"), recent);
        assertTrue(recent.contains("rtt_route_latency_seconds_count" + labels + "} 101\n"), recent);
        assertTrue(recent.contains("rtt_route_requests_total" + labels + "} 101\n"), recent);
        assertTrue(recent.contains("quantiles over the last 60 s"), recent);

        for (int s = 62; s <= 125; s++)
        {
            metrics.roll(START_NS + s * SECOND);
        }
        final String idle = PrometheusText.format(List.of(metrics), START_NS + 125 * SECOND);
        assertTrue(idle.contains("rtt_route_latency_seconds" + labels + ",quantile=\"0.5\"} NaN\n"), idle);
        assertTrue(idle.contains("rtt_route_latency_seconds_count" + labels + "} 101\n"), idle);
    }

    @Test
    void shouldExposeTheBreakerStateAsAGaugeAndItsRefusalsAsACounter()
    {
        final RouteMetrics metrics = new RouteMetrics("a->b", "uds", "db", true, START_NS);
        final String labels = "{route=\"a->b\",lane=\"uds\",driver=\"db\"}";
        assertTrue(PrometheusText.format(List.of(metrics), START_NS).contains("# TYPE rtt_route_breaker_state gauge\n" +
            "rtt_route_breaker_state" + labels + " 0\n"));

        metrics.breakerState(RouteMetrics.BREAKER_OPEN);
        metrics.add(RouteCounter.SHORT_CIRCUITED, 7);
        final String open = PrometheusText.format(List.of(metrics), START_NS);
        assertTrue(open.contains("rtt_route_breaker_state" + labels + " 2\n"), open);
        assertTrue(open.contains("# TYPE rtt_route_short_circuited_total counter\n" +
            "rtt_route_short_circuited_total" + labels + " 7\n"), open);
        final RouteWindow window = metrics.window(SECOND, START_NS, RouteMetrics.newScratch());
        assertEquals("open", window.breaker());
        assertEquals(7, window.shortCircuited());
        assertEquals("breaker state 3: expected 0 (closed), 1 (half-open) or 2 (open)",
            assertThrows(IllegalArgumentException.class, () -> metrics.breakerState(3)).getMessage());
    }
}
