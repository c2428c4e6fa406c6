package io.rtt.engine.model;

import org.jspecify.annotations.Nullable;

/**
 * The quality of service a route asks for.
 *
 * @param ratePerSecond   sustained messages per second a token bucket admits; 0 means unlimited.
 * @param priority        relative weight when a driver serves several routes; at least 1.
 * @param deadlineMs      per-message deadline in milliseconds; 0 means none.
 * @param maxMessageBytes largest message the route carries.
 * @param backpressure    what happens to a message the route cannot take now; {@code null}, the default, means
 *                        {@link Backpressure#BLOCK} and is left out of the canonical bytes, so graphs committed
 *                        before the field existed keep their digests.
 */
public record Qos(
    long ratePerSecond, int priority, long deadlineMs, int maxMessageBytes, @Nullable Backpressure backpressure)
{
    /** The QoS of a route that names none: unlimited rate, priority 1, no deadline, 64 KiB messages, blocking. */
    public static final Qos DEFAULT = new Qos(0, 1, 0, 64 * 1024);

    /**
     * A QoS that blocks when the route is full.
     *
     * @param ratePerSecond   sustained messages per second; 0 means unlimited.
     * @param priority        relative weight; at least 1.
     * @param deadlineMs      per-message deadline in milliseconds; 0 means none.
     * @param maxMessageBytes largest message.
     */
    public Qos(final long ratePerSecond, final int priority, final long deadlineMs, final int maxMessageBytes)
    {
        this(ratePerSecond, priority, deadlineMs, maxMessageBytes, null);
    }

    /**
     * What the route does with a message it cannot take now.
     *
     * @return the policy, {@link Backpressure#BLOCK} unless one was set.
     */
    public Backpressure backpressurePolicy()
    {
        return backpressure == null ? Backpressure.BLOCK : backpressure;
    }

    /**
     * Validates the values.
     */
    public Qos
    {
        if (ratePerSecond < 0)
        {
            throw new IllegalArgumentException("ratePerSecond < 0: " + ratePerSecond);
        }
        if (priority < 1)
        {
            throw new IllegalArgumentException("priority < 1: " + priority);
        }
        if (deadlineMs < 0)
        {
            throw new IllegalArgumentException("deadlineMs < 0: " + deadlineMs);
        }
        if (maxMessageBytes < 1)
        {
            throw new IllegalArgumentException("maxMessageBytes < 1: " + maxMessageBytes);
        }
    }
}
