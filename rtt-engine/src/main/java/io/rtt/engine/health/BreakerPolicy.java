package io.rtt.engine.health;

/**
 * The thresholds of one route's {@link CircuitBreaker}, resilience4j-style: it judges the last {@code window} calls
 * once at least {@code minCalls} are in, opens when failures (or, when timed, slow calls) reach their share of them,
 * stays open {@code openMs}, then lets {@code halfOpenCalls} probes through and closes when all of them succeed.
 *
 * @param window             calls the breaker remembers, a ring of their outcomes.
 * @param minCalls           calls recorded before the breaker judges at all; at most {@code window}.
 * @param failureRatePercent share of failed calls, 1 to 100, at or above which it opens.
 * @param slowCallMs         a call that takes longer is slow; 0 times no call and so never opens for slowness.
 * @param slowRatePercent    share of slow calls, 1 to 100, at or above which it opens; used when {@code slowCallMs}
 *                           is set.
 * @param openMs             how long it stays open, failing fast, before it lets probes through.
 * @param halfOpenCalls      probes let through while half-open: all succeed and it closes, any fails (or is slow)
 *                           and it opens again.
 */
public record BreakerPolicy(int window, int minCalls, int failureRatePercent, long slowCallMs, int slowRatePercent,
    long openMs, int halfOpenCalls)
{
    /** Default {@code window}: the last 100 calls. */
    public static final int WINDOW_DEFAULT = 100;
    /** Default {@code minCalls}: judge no fewer than 20 calls, so one early failure does not open a route. */
    public static final int MIN_CALLS_DEFAULT = 20;
    /** Default {@code failureRatePercent}: open when half the calls fail, as resilience4j does. */
    public static final int FAILURE_RATE_PERCENT_DEFAULT = 50;
    /** Default {@code slowCallMs}: off; a route's latency objective belongs to its SLO, not to its breaker. */
    public static final long SLOW_CALL_MS_DEFAULT = 0;
    /** Default {@code slowRatePercent}: every call slow, once slow calls are timed. */
    public static final int SLOW_RATE_PERCENT_DEFAULT = 100;
    /** Default {@code openMs}: five seconds of failing fast before probing. */
    public static final long OPEN_MS_DEFAULT = 5_000;
    /** Default {@code halfOpenCalls}: three probes. */
    public static final int HALF_OPEN_CALLS_DEFAULT = 3;

    /** Largest {@code window}: the ring is a byte per call. */
    public static final int MAX_WINDOW = 10_000;
    /** Longest {@code slowCallMs} and {@code openMs}: a day. */
    public static final long MAX_MS = 86_400_000L;
    /** Most {@code halfOpenCalls}. */
    public static final int MAX_HALF_OPEN_CALLS = 10_000;

    /** The thresholds of a route that {@code rtt.yaml} says nothing about. */
    public static final BreakerPolicy DEFAULT = new BreakerPolicy(WINDOW_DEFAULT, MIN_CALLS_DEFAULT,
        FAILURE_RATE_PERCENT_DEFAULT, SLOW_CALL_MS_DEFAULT, SLOW_RATE_PERCENT_DEFAULT, OPEN_MS_DEFAULT,
        HALF_OPEN_CALLS_DEFAULT);

    /**
     * Checks every threshold against its bounds.
     *
     * @throws IllegalArgumentException naming the threshold, its value and its bounds when one is out of them.
     */
    public BreakerPolicy
    {
        check("window", window, 1, MAX_WINDOW);
        check("minCalls", minCalls, 1, window);
        check("failureRatePercent", failureRatePercent, 1, 100);
        check("slowCallMs", slowCallMs, 0, MAX_MS);
        check("slowRatePercent", slowRatePercent, 1, 100);
        check("openMs", openMs, 1, MAX_MS);
        check("halfOpenCalls", halfOpenCalls, 1, MAX_HALF_OPEN_CALLS);
    }

    /**
     * Whether calls are timed, so that slow ones count.
     *
     * @return true when {@code slowCallMs} is set.
     */
    public boolean timesCalls()
    {
        return slowCallMs > 0;
    }

    private static void check(final String name, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max +
                ", got " + value);
        }
    }
}
