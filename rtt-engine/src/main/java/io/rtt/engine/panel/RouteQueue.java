package io.rtt.engine.panel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.rtt.engine.health.CircuitBreaker;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.BitUtil;

/**
 * The bounded queue between a route's intake and its driver: a single-producer single-consumer ring of
 * preallocated {@link Work} slots, so admitting and serving a message allocates nothing. The intake claims the
 * tail slot, fills it and publishes it; the driver peeks the head slot, serves it and releases it. The route's
 * {@link CircuitBreaker} travels with its queue, as its one writer is the driver thread that serves the queue.
 */
final class RouteQueue
{
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RouteQueue.class, "head", long.class);
            TAIL = lookup.findVarHandle(RouteQueue.class, "tail", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final String route;
    final int routeId;
    final int weight;
    final RouteMetrics metrics;
    /** The route's circuit breaker: the driver thread asks it before each message and tells it each outcome. */
    final CircuitBreaker breaker;
    private final Work[] slots;
    private final int mask;
    @SuppressWarnings("unused") // through HEAD
    private volatile long head;
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;
    /** Finish tag of the last message served, for weighted fair queueing; the driver thread's alone. */
    long finishTag;

    RouteQueue(final String route, final int routeId, final int weight, final int capacity,
        final RouteMetrics metrics, final CircuitBreaker breaker)
    {
        this.route = route;
        this.routeId = routeId;
        this.weight = weight;
        this.metrics = metrics;
        this.breaker = breaker;
        final int size = BitUtil.findNextPositivePowerOfTwo(capacity);
        this.slots = new Work[size];
        this.mask = size - 1;
        for (int i = 0; i < size; i++)
        {
            slots[i] = new Work();
        }
    }

    /** The slot to fill next, or null when the queue is full. Intake thread only. */
    Work claim()
    {
        final long t = (long)TAIL.getOpaque(this);
        return t - (long)HEAD.getAcquire(this) >= slots.length ? null : slots[(int)t & mask];
    }

    /** Makes the claimed slot visible to the driver. Intake thread only. */
    void publish()
    {
        TAIL.setRelease(this, (long)TAIL.getOpaque(this) + 1);
    }

    /** The oldest waiting message, or null. Driver thread only. */
    Work peek()
    {
        final long h = (long)HEAD.getOpaque(this);
        return h == (long)TAIL.getAcquire(this) ? null : slots[(int)h & mask];
    }

    /** The {@code index}-th waiting message from the head (0 is {@link #peek()}'s), or null. Driver thread only. */
    Work peek(final int index)
    {
        final long h = (long)HEAD.getOpaque(this);
        return h + index >= (long)TAIL.getAcquire(this) ? null : slots[(int)(h + index) & mask];
    }

    /** Frees the head slot once served. Driver thread only. */
    void release()
    {
        final Work done = slots[(int)(long)HEAD.getOpaque(this) & mask];
        done.replyTo = null;
        HEAD.setRelease(this, (long)HEAD.getOpaque(this) + 1);
    }

    /** Messages waiting. */
    int size()
    {
        return (int)((long)TAIL.getAcquire(this) - (long)HEAD.getAcquire(this));
    }
}
