package io.rtt.engine.fabric;

import org.agrona.DirectBuffer;

/**
 * The sending side of one lane end: a shm ring or a socket connection. Frames are written in place where the lane
 * allows it; either way the caller's payload is copied once, into the lane.
 * <p>
 * Not thread-safe: one thread sends on an end, or the callers lock it.
 */
public interface FrameSender
{
    /**
     * Writes one frame.
     *
     * @param kind          one of {@code FrameDescriptor.KIND_*}.
     * @param routeId       the route.
     * @param correlationId pairs a response with its request.
     * @param deadlineNs    epoch deadline in nanoseconds, 0 for none.
     * @param payload       the payload's buffer.
     * @param offset        where the payload starts.
     * @param length        the payload's length.
     * @return false when the lane is full: nothing was written, try again later or apply the route's backpressure.
     * @throws IllegalArgumentException when the frame is larger than the lane carries.
     * @throws LaneClosedException when the lane or its peer is gone.
     */
    boolean send(byte kind, int routeId, long correlationId, long deadlineNs, DirectBuffer payload, int offset,
        int length);

    /** Makes the frames written so far visible to the peer: a socket writes its batch; a ring has nothing to do. */
    void flush();

    /**
     * The largest payload one frame on this lane carries: {@link #send} throws for a larger one.
     *
     * @return bytes.
     */
    int maxPayloadLength();
}
