package io.rtt.engine.panel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameFlyweight;
import io.rtt.engine.fabric.FrameSender;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneClosedException;
import io.rtt.engine.fabric.LaneFactory;
import io.rtt.engine.fabric.LaneServer;
import io.rtt.engine.fabric.LaneSpec;
import io.rtt.engine.fabric.TokenBucket;
import io.rtt.engine.model.Backpressure;
import io.rtt.engine.model.Route;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving end of one route: its lane, and the intake that admits each message under the route's QoS before
 * handing it to the driver's queue. Admission checks the frame (route id, size), the token bucket, and room in the
 * queue; a message that fails the rate or the room meets the route's {@link Backpressure}: block (hold it, and the
 * lane behind it, until it fits), fail fast (an error frame now) or drop (counted). Every outcome is counted.
 * <p>
 * The lane is whichever {@link LaneServer} the {@link LaneFactory} of the route's lane kind makes: its intake is the
 * lane's own thread (a shm lane's consumer agent, a uds lane's event loop), which calls {@link #admit}.
 */
final class RouteServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RouteServer.class);
    /** Messages admitted and not yet served, per route, at most. */
    static final int QUEUE_CAPACITY = 1024;
    /** How long a blocking intake sleeps between looks at a full queue. */
    private static final long BLOCK_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Route route;
    private final int routeId;
    private final RouteMetrics metrics;
    private final RouteQueue queue;
    private final DriverWorker worker;
    private final TokenBucket bucket;
    private final Backpressure backpressure;
    private final FrameFlyweight frame = new FrameFlyweight();
    private final UnsafeBuffer errorText = new UnsafeBuffer(new byte[0]);
    private final LaneServer lane;
    private volatile boolean running = true;

    RouteServer(final Route route, final int routeId, final Path laneDir, final int ringBytes,
        final DriverWorker worker, final boolean recordMetrics)
    {
        this.route = route;
        this.routeId = routeId;
        this.worker = worker;
        this.metrics = new RouteMetrics(route.id(), route.lane().name().toLowerCase(Locale.ROOT),
            route.driver(), recordMetrics);
        this.queue = new RouteQueue(route.id(), routeId, route.qos().priority(), QUEUE_CAPACITY, metrics);
        this.backpressure = route.qos().backpressurePolicy();
        final long rate = route.qos().ratePerSecond();
        this.bucket = rate == 0 ? null : new TokenBucket(rate, Math.max(1, rate / 100), System.nanoTime());
        // the queue is in the driver's schedule before the first frame can be admitted to it
        worker.attach(queue);
        try
        {
            this.lane = LaneFactory.of(route.lane()).serve(new LaneSpec(route.id(), routeId, laneDir, ringBytes),
                this::admit, this::onLaneError);
        }
        catch (final RuntimeException ex)
        {
            worker.detach(queue);
            throw ex;
        }
    }

    Route route()
    {
        return route;
    }

    LaneAddress address()
    {
        return lane.address();
    }

    RouteMetrics metrics()
    {
        return metrics;
    }

    /** The lane skipped a malformed frame (a drop), or its loop failed and carries on (an error). */
    private void onLaneError(final Throwable error)
    {
        LOG.warn("route {}: {}", route.id(), error.getMessage());
        metrics.increment(error instanceof IllegalArgumentException ? RouteCounter.DROPPED : RouteCounter.ERRORS);
    }

    /** Admits one frame, already checked, from the lane. */
    void admit(final DirectBuffer buffer, final int offset, final int length, final FrameSender replyTo)
    {
        frame.wrap((MutableDirectBuffer)buffer, offset);
        final byte kind = frame.kind();
        if (kind != FrameDescriptor.KIND_REQUEST && kind != FrameDescriptor.KIND_EVENT)
        {
            return; // heartbeats, and answers a client has no business sending
        }
        final int payloadLength = frame.payloadLength();
        if (frame.routeId() != routeId)
        {
            refuse(kind, replyTo, "frame for route id " + frame.routeId() + " on the lane of route " + route.id() +
                " (id " + routeId + ")");
            return;
        }
        if (payloadLength > route.qos().maxMessageBytes())
        {
            refuse(kind, replyTo, "message of " + payloadLength + " bytes is over route " + route.id() + "'s " +
                route.qos().maxMessageBytes() + "-byte limit");
            return;
        }
        if (bucket != null && !bucket.tryAcquire(System.nanoTime()) && !overLimit(kind, replyTo, "rate limit"))
        {
            return;
        }
        Work work = queue.claim();
        if (work == null)
        {
            if (!overLimit(kind, replyTo, "queue"))
            {
                return;
            }
            while ((work = queue.claim()) == null)
            {
                if (!running)
                {
                    return;
                }
                worker.wake();
                LockSupport.parkNanos(BLOCK_PAUSE_NS);
            }
        }
        work.kind = kind;
        work.correlationId = frame.correlationId();
        work.deadlineNs = frame.deadlineNs();
        work.length = payloadLength;
        work.payload.putBytes(0, buffer, frame.payloadOffset(), payloadLength);
        work.replyTo = replyTo;
        work.admittedNs = metrics.enabled() ? System.nanoTime() : 0;
        queue.publish();
        worker.wake();
        metrics.increment(kind == FrameDescriptor.KIND_REQUEST ? RouteCounter.REQUESTS : RouteCounter.EVENTS);
        metrics.add(RouteCounter.BYTES_IN, payloadLength);
    }

    /**
     * Applies the route's backpressure to a message over its rate or facing a full queue.
     *
     * @return true to go on admitting it (after waiting, for the rate); false when it was refused or dropped.
     */
    private boolean overLimit(final byte kind, final FrameSender replyTo, final String what)
    {
        switch (backpressure)
        {
            case FAIL_FAST ->
            {
                metrics.increment(RouteCounter.REJECTED);
                refuse(kind, replyTo, "route " + route.id() + " is over its " + what + "; try again later");
                return false;
            }
            case DROP ->
            {
                metrics.increment(RouteCounter.DROPPED);
                return false;
            }
            default ->
            {
                metrics.increment(RouteCounter.BLOCKED);
                if (bucket != null && "rate limit".equals(what))
                {
                    long wait;
                    while (running && (wait = bucket.nanosUntilToken(System.nanoTime())) > 0)
                    {
                        LockSupport.parkNanos(wait);
                    }
                    return running && bucket.tryAcquire(System.nanoTime());
                }
                return running;
            }
        }
    }

    private void refuse(final byte kind, final FrameSender replyTo, final String message)
    {
        if (kind != FrameDescriptor.KIND_REQUEST)
        {
            return;
        }
        final byte[] text = message.getBytes(StandardCharsets.UTF_8);
        errorText.wrap(text);
        try
        {
            synchronized (replyTo)
            {
                if (replyTo.send(FrameDescriptor.KIND_ERROR, routeId, frame.correlationId(), frame.deadlineNs(),
                    errorText, 0, text.length))
                {
                    replyTo.flush();
                }
            }
        }
        catch (final LaneClosedException ex)
        {
            LOG.debug("route {}: refusal not sent: {}", route.id(), ex.getMessage());
        }
    }

    /**
     * Stops admitting, leaves the driver's schedule and closes the lane (removing its files). The driver answers
     * under the answering end's lock, which closing the lane takes: it is never in the middle of a send on a closed
     * lane. A step that fails does not keep the others from running.
     */
    @Override
    public void close()
    {
        running = false;
        CloseHelper.closeAll(() -> worker.detach(queue), lane);
    }
}
