package io.rtt.engine.model;

/**
 * What a route promises, checked against live metrics by verify: latency percentiles and error rate. Zero means
 * "no objective".
 *
 * @param p50Ms           median round-trip latency, milliseconds.
 * @param p95Ms           95th percentile, milliseconds.
 * @param p99Ms           99th percentile, milliseconds.
 * @param errorRatePpm    largest share of failed requests, in parts per million.
 */
public record Slo(long p50Ms, long p95Ms, long p99Ms, long errorRatePpm)
{
    /** No objectives. */
    public static final Slo NONE = new Slo(0, 0, 0, 0);

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
}
