package io.rtt.engine.panel;

import io.rtt.engine.drivers.EventSink;
import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameSender;
import io.rtt.engine.fabric.LaneClosedException;
import io.rtt.engine.telemetry.RouteCounter;
import org.agrona.DirectBuffer;

/**
 * A route's client as a driver that pushes sees it: event frames written to the lane end its requests came from,
 * under the same lock as the driver worker's replies, and flushed at once, since nothing else may come to flush them.
 * Never waits: an event the lane cannot take now is dropped and counted.
 */
final class LaneEventSink implements EventSink
{
    private final FrameSender to;
    private final RouteQueue queue;
    private volatile boolean open = true;

    LaneEventSink(final FrameSender to, final RouteQueue queue)
    {
        this.to = to;
        this.queue = queue;
    }

    @Override
    public boolean offer(final DirectBuffer payload, final int offset, final int length)
    {
        if (open)
        {
            try
            {
                synchronized (to)
                {
                    if (to.send(FrameDescriptor.KIND_EVENT, queue.routeId, 0, 0, payload, offset, length))
                    {
                        to.flush();
                        queue.metrics.add(RouteCounter.BYTES_OUT, length);
                        return true;
                    }
                }
            }
            catch (final LaneClosedException ex)
            {
                open = false;
            }
            catch (final IllegalArgumentException tooLarge)
            {
                // larger than the lane carries: this event is lost, the next may fit
            }
        }
        queue.metrics.increment(RouteCounter.DROPPED);
        return false;
    }

    @Override
    public boolean open()
    {
        return open;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof LaneEventSink sink && sink.to == to && sink.queue.routeId == queue.routeId;
    }

    @Override
    public int hashCode()
    {
        return System.identityHashCode(to) * 31 + queue.routeId;
    }
}
