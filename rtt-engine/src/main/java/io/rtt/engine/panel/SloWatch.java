package io.rtt.engine.panel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.flight.FlightEvents;
import io.rtt.engine.health.SloFinding;
import io.rtt.engine.health.SloJudge;
import io.rtt.engine.model.Slo;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.telemetry.RouteWindow;
import org.HdrHistogram.Histogram;

/**
 * The oracle's watch over objectives while the panel runs: once a second, each live route with latency objectives is
 * judged on its last {@link #WINDOW_NS} and every quantile over its bound becomes a {@code rtt.RouteSloBreach} event
 * in the flight recording. Only while a recording runs: otherwise nobody would see the events, and it costs nothing.
 * <p>
 * Runs on the metrics sampler's thread, after the slices are cut. Not thread-safe.
 */
final class SloWatch
{
    /** The window each judgement covers. */
    static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(10);
    private static final double MICROS_PER_MILLI = 1_000;

    private final Histogram scratch = RouteMetrics.newScratch();

    /**
     * Judges each route that has latency objectives.
     *
     * @param routes the live routes' metrics.
     * @param slos   their objectives, by route id.
     * @param nowNs  now, by the clock the metrics' windows opened by.
     */
    void check(final List<RouteMetrics> routes, final Map<String, Slo> slos, final long nowNs)
    {
        if (slos.isEmpty() || !FlightEvents.recording())
        {
            return;
        }
        for (int i = 0; i < routes.size(); i++)
        {
            final RouteMetrics metrics = routes.get(i);
            final Slo slo = slos.get(metrics.route());
            if (slo == null || slo.p50Ms() + slo.p95Ms() + slo.p99Ms() == 0)
            {
                continue;
            }
            final RouteWindow window = metrics.window(WINDOW_NS, nowNs, scratch);
            for (final SloFinding finding : SloJudge.judge(window, slo))
            {
                if (finding.outcome() == SloFinding.Outcome.FAIL && "ms".equals(finding.unit()))
                {
                    FlightEvents.routeSloBreach(finding.route(), finding.objective(),
                        finding.observed() * MICROS_PER_MILLI, finding.bound() * MICROS_PER_MILLI);
                }
            }
        }
    }
}
