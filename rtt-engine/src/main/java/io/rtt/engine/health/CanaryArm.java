package io.rtt.engine.health;

import java.util.Objects;

import io.rtt.engine.telemetry.RouteWindow;
import org.HdrHistogram.AbstractHistogram;

/**
 * One side of a canary comparison, the canary or its baseline, over the same period: its latencies and how many of
 * its requests failed. The histogram bounds the memory whatever the traffic; both sides' histograms must have the
 * same precision (as every {@code RouteMetrics.newScratch()} histogram does).
 *
 * @param latenciesNs service latencies in nanoseconds; read, not modified, by the judge.
 * @param requests    requests the side was asked to serve (the error rate's denominator).
 * @param failures    those that failed, at most {@code requests}.
 */
public record CanaryArm(AbstractHistogram latenciesNs, long requests, long failures)
{
    /**
     * Checks the counts.
     */
    public CanaryArm
    {
        Objects.requireNonNull(latenciesNs, "latenciesNs");
        if (requests < 0 || failures < 0 || failures > requests)
        {
            throw new IllegalArgumentException("need 0 <= failures <= requests: requests=" + requests + ", failures=" +
                failures);
        }
    }

    /**
     * A side from a route's metrics window, counting requests and failures as {@link SloJudge} does.
     *
     * @param window      the side's metrics over the period.
     * @param latenciesNs the latencies the window was summed into (the histogram {@code RouteMetrics.window} fills).
     * @return the side.
     */
    public static CanaryArm of(final RouteWindow window, final AbstractHistogram latenciesNs)
    {
        return new CanaryArm(latenciesNs, SloJudge.attempts(window), SloJudge.failures(window));
    }
}
