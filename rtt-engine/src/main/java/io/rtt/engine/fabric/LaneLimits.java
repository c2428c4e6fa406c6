package io.rtt.engine.fabric;

import java.util.concurrent.TimeUnit;

/**
 * What one served lane lets its clients hold, whatever they send: so many connections, for so long without a word,
 * so long to finish a frame they started, and so long not reading their answers. The bytes a connection may make the
 * lane buffer are bounded by the route's {@code maxMessageBytes} (see {@link LaneSpec}) and by the outbound water
 * marks of {@link UdsConnection}; a shm lane is bounded by its rings and has one client.
 *
 * @param maxConnections      connections a uds lane holds at once; the next is refused with an error frame.
 * @param idleTimeoutMs       a uds connection that sends nothing (not even a heartbeat) for this long is closed.
 * @param frameTimeoutMs      a uds connection that started a frame and sends no more of it for this long is closed.
 * @param slowReaderTimeoutMs a uds connection whose unread answers stay over the high water mark for this long is
 *                            closed; while they are, the lane reads nothing more from it.
 */
public record LaneLimits(int maxConnections, long idleTimeoutMs, long frameTimeoutMs, long slowReaderTimeoutMs)
{
    /** Default {@link #maxConnections()}: enough for every process of a workspace, far from the descriptor limit. */
    public static final int MAX_CONNECTIONS_DEFAULT = 256;
    /** Default {@link #idleTimeoutMs()}: a client that means to stay sends a heartbeat more often (see PROTOCOL.md). */
    public static final long IDLE_TIMEOUT_MS_DEFAULT = TimeUnit.SECONDS.toMillis(60);
    /** Default {@link #frameTimeoutMs()}. */
    public static final long FRAME_TIMEOUT_MS_DEFAULT = TimeUnit.SECONDS.toMillis(10);
    /** Default {@link #slowReaderTimeoutMs()}. */
    public static final long SLOW_READER_TIMEOUT_MS_DEFAULT = TimeUnit.SECONDS.toMillis(10);

    /** The defaults. */
    public static final LaneLimits DEFAULT = new LaneLimits(MAX_CONNECTIONS_DEFAULT, IDLE_TIMEOUT_MS_DEFAULT,
        FRAME_TIMEOUT_MS_DEFAULT, SLOW_READER_TIMEOUT_MS_DEFAULT);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException naming the limit when one is not positive, or the idle timeout is shorter than
     *                                  the frame timeout (idleness is measured in frame timeouts).
     */
    public LaneLimits
    {
        if (maxConnections < 1)
        {
            throw new IllegalArgumentException("maxConnections=" + maxConnections + ": expected 1 or more");
        }
        if (frameTimeoutMs < 1)
        {
            throw new IllegalArgumentException("frameTimeoutMs=" + frameTimeoutMs + ": expected 1 or more");
        }
        if (idleTimeoutMs < frameTimeoutMs)
        {
            throw new IllegalArgumentException("idleTimeoutMs=" + idleTimeoutMs + ": expected frameTimeoutMs (" +
                frameTimeoutMs + ") or more");
        }
        if (slowReaderTimeoutMs < 1)
        {
            throw new IllegalArgumentException("slowReaderTimeoutMs=" + slowReaderTimeoutMs + ": expected 1 or more");
        }
    }
}
