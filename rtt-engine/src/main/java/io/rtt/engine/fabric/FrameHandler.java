package io.rtt.engine.fabric;

import org.agrona.DirectBuffer;

/**
 * Receives frames in place: the buffer is the lane's own (a ring slot, a socket read buffer) and is valid only
 * during the call. Copy what must outlive it.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * One frame, already checked: its length word equals {@code length} and lies within the lane's bounds.
     *
     * @param buffer  holds the frame.
     * @param offset  where the frame (its header) starts.
     * @param length  header plus payload.
     * @param replyTo the end the frame came in on, to answer it.
     */
    void onFrame(DirectBuffer buffer, int offset, int length, FrameSender replyTo);
}
