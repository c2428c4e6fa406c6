package io.rtt.engine.fabric;

/**
 * A route's rate limit as a token bucket, kept as one theoretical arrival time (the generic cell rate algorithm):
 * a message is admitted when the bucket's clock has run no more than the burst ahead of now, and each admission
 * moves the clock one emission interval on. Integer arithmetic, no allocation, no refill thread.
 * <p>
 * Not thread-safe: one intake thread per route.
 */
public final class TokenBucket
{
    private final long intervalNs;
    private final long toleranceNs;
    private long theoreticalArrivalNs;

    /**
     * @param ratePerSecond sustained admissions per second; at least 1.
     * @param burst         admissions allowed back to back from a full bucket; at least 1.
     * @param nowNs         the monotonic clock now ({@link System#nanoTime()}).
     */
    public TokenBucket(final long ratePerSecond, final long burst, final long nowNs)
    {
        if (ratePerSecond < 1 || burst < 1)
        {
            throw new IllegalArgumentException("rate and burst must be at least 1: rate=" + ratePerSecond +
                ", burst=" + burst);
        }
        this.intervalNs = Math.max(1, 1_000_000_000L / ratePerSecond);
        this.toleranceNs = intervalNs * (burst - 1);
        this.theoreticalArrivalNs = nowNs;
    }

    /**
     * Takes a token if one is there.
     *
     * @param nowNs the monotonic clock now.
     * @return whether the message is admitted.
     */
    public boolean tryAcquire(final long nowNs)
    {
        final long arrival = Math.max(theoreticalArrivalNs, nowNs);
        if (arrival - nowNs > toleranceNs)
        {
            return false;
        }
        theoreticalArrivalNs = arrival + intervalNs;
        return true;
    }

    /**
     * How long until {@link #tryAcquire} can succeed.
     *
     * @param nowNs the monotonic clock now.
     * @return nanoseconds, 0 when a token is there now.
     */
    public long nanosUntilToken(final long nowNs)
    {
        return Math.max(0, theoreticalArrivalNs - toleranceNs - nowNs);
    }
}
