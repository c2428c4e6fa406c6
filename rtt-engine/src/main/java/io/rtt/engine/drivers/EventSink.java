package io.rtt.engine.drivers;

import org.agrona.DirectBuffer;

/**
 * One client of a route, as a driver that pushes (a Redis subscription) sees it: event frames sent to it at any time,
 * from any thread. Two sinks are equal when they reach the same client on the same route.
 */
public interface EventSink
{
    /**
     * Sends the client an event frame, without waiting: a client whose lane is full loses the event, counted in the
     * route's {@code dropped}.
     *
     * @param payload the event's payload, copied before this returns.
     * @param offset  where it starts.
     * @param length  its length.
     * @return false when the event was dropped: the lane was full, the event too large for it, or the client gone.
     */
    boolean offer(DirectBuffer payload, int offset, int length);

    /**
     * Whether the client is still there; false once an event found its lane closed.
     *
     * @return true while the client's lane is open, as far as the last event knew.
     */
    boolean open();
}
