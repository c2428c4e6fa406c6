package io.rtt.engine.model;

import org.jspecify.annotations.Nullable;

/**
 * What a route promises, checked against live metrics by verify: latency percentiles, error rate and a minimum
 * throughput. Zero means "no objective".
 *
 * @param p50Ms                median round-trip latency, milliseconds.
 * @param p95Ms                95th percentile, milliseconds.
 * @param p99Ms                99th percentile, milliseconds.
 * @param errorRatePpm         largest share of failed requests, in parts per million.
 * @param minRequestsPerSecond fewest requests per second the route must carry; {@code null}, the default, means no
 *                             objective and is left out of the canonical bytes, so graphs committed before the field
 *                             existed keep their digests. Zero is read as {@code null} for the same reason.
 */
public record Slo(long p50Ms, long p95Ms, long p99Ms, long errorRatePpm, @Nullable Long minRequestsPerSecond)
{
    /** No objectives. */
    public static final Slo NONE = new Slo(0, 0, 0, 0);

    /**
     * Objectives on latency and errors, none on throughput.
     *
     * @param p50Ms        median round-trip latency, milliseconds.
     * @param p95Ms        95th percentile, milliseconds.
     * @param p99Ms        99th percentile, milliseconds.
     * @param errorRatePpm largest share of failed requests, in parts per million.
     */
    public Slo(final long p50Ms, final long p95Ms, final long p99Ms, final long errorRatePpm)
    {
        this(p50Ms, p95Ms, p99Ms, errorRatePpm, null);
    }

    /**
     * Validates the values.
     */
    public Slo
    {
        if (p50Ms < 0 || p95Ms < 0 || p99Ms < 0)
        {
            throw new IllegalArgumentException("latency objectives must be >= 0: p50Ms=" + p50Ms + ", p95Ms=" + p95Ms +
                ", p99Ms=" + p99Ms);
        }
        if (errorRatePpm < 0 || errorRatePpm > 1_000_000)
        {
            throw new IllegalArgumentException("errorRatePpm must be 0..1000000: " + errorRatePpm);
        }
        if (minRequestsPerSecond != null && minRequestsPerSecond < 0)
        {
            throw new IllegalArgumentException("minRequestsPerSecond must be >= 0: " + minRequestsPerSecond);
        }
        // one spelling of "no objective", so the same policy always gives the same canonical bytes
        minRequestsPerSecond = minRequestsPerSecond != null && minRequestsPerSecond == 0 ? null : minRequestsPerSecond;
        long previous = 0;
        boolean decreasing = false;
        for (final long objective : new long[] {p50Ms, p95Ms, p99Ms})
        {
            decreasing |= objective > 0 && objective < previous;
            previous = objective > 0 ? objective : previous;
        }
        if (decreasing)
        {
            throw new IllegalArgumentException("percentile objectives must not decrease: p50Ms=" + p50Ms + ", p95Ms=" +
                p95Ms + ", p99Ms=" + p99Ms);
        }
    }

    /**
     * The fewest requests per second the route must carry.
     *
     * @return the objective, 0 when there is none.
     */
    public long minThroughput()
    {
        return minRequestsPerSecond == null ? 0 : minRequestsPerSecond;
    }
}
