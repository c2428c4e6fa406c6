package io.rtt.engine.fabric;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a serving lane is made for: its route, the directory its files go in, its size, and what it lets a client
 * hold.
 *
 * @param route           the route's id, {@code from->to}: in the lane's address and its thread's name.
 * @param routeId         the route's number in frame headers; positive. Lane files are named after it.
 * @param laneDir         the directory the lane's files go in (see {@link LaneDirectory#laneDir()}).
 * @param ringBytes       bytes of each ring of a shm lane (see {@link ShmLaneDescriptor#checkCapacity}); other kinds
 *                        ignore it.
 * @param maxMessageBytes the largest payload a client may send: a uds lane buffers no more than a header and this
 *                        per connection, and refuses a frame claiming more; 1 to {@link #MAX_MESSAGE_BYTES}.
 * @param limits          what a client may hold of a uds lane.
 */
public record LaneSpec(String route, int routeId, Path laneDir, int ringBytes, int maxMessageBytes, LaneLimits limits)
{
    /** The largest payload the frame protocol carries: {@link #maxMessageBytes()} at most. */
    public static final int MAX_MESSAGE_BYTES = FrameDescriptor.MAX_FRAME_LENGTH - FrameDescriptor.HEADER_LENGTH;

    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException when the route number is not positive or the message size out of bounds.
     */
    public LaneSpec
    {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(laneDir, "laneDir");
        Objects.requireNonNull(limits, "limits");
        if (routeId <= 0)
        {
            throw new IllegalArgumentException("routeId must be positive: routeId=" + routeId);
        }
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES)
        {
            throw new IllegalArgumentException("maxMessageBytes=" + maxMessageBytes + ": expected 1 to " +
                MAX_MESSAGE_BYTES);
        }
    }

    /**
     * A spec bounded only by the frame protocol, with the default limits.
     *
     * @param route     the route's id.
     * @param routeId   the route's number; positive.
     * @param laneDir   the directory the lane's files go in.
     * @param ringBytes bytes of each ring of a shm lane.
     */
    public LaneSpec(final String route, final int routeId, final Path laneDir, final int ringBytes)
    {
        this(route, routeId, laneDir, ringBytes, MAX_MESSAGE_BYTES, LaneLimits.DEFAULT);
    }

    /**
     * The name the lane's files share: {@code r<routeId>}.
     *
     * @return the name.
     */
    public String name()
    {
        return "r" + routeId;
    }

    /**
     * The longest frame a client may send: a header and {@link #maxMessageBytes()}.
     *
     * @return bytes.
     */
    public int maxFrameLength()
    {
        return FrameDescriptor.HEADER_LENGTH + maxMessageBytes;
    }
}
