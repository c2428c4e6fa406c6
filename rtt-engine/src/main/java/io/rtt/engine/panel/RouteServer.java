package io.rtt.engine.panel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameFlyweight;
import io.rtt.engine.fabric.FrameSender;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneClosedException;
import io.rtt.engine.fabric.LaneFactory;
import io.rtt.engine.fabric.LaneFault;
import io.rtt.engine.fabric.LaneFaultException;
import io.rtt.engine.fabric.LaneLimits;
import io.rtt.engine.fabric.LaneServer;
import io.rtt.engine.fabric.LaneSpec;
import io.rtt.engine.fabric.TokenBucket;
import io.rtt.engine.health.BreakerListener;
import io.rtt.engine.health.BreakerPolicy;
import io.rtt.engine.health.CircuitBreaker;
import io.rtt.engine.model.Backpressure;
import io.rtt.engine.model.Route;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving end of one route: its lane, and the intake that admits each message under the route's QoS before
 * handing it to the driver's queue. Admission checks the frame (route id, size), the token bucket, and room in the
 * queue; a message that fails the rate or the room meets the route's {@link Backpressure}: block (hold it, and the
 * lane behind it, until it fits), fail fast (an error frame now) or drop (counted). Every outcome is counted.
 * <p>
 * The lane is whichever {@link LaneServer} the {@link LaneFactory} of the route's lane kind makes: its intake is the
 * lane's own thread (a shm lane's consumer agent, a uds lane's event loop), which calls {@link #admit}. The lane is
 * bounded by the route's {@code maxMessageBytes} and the panel's {@link LaneLimits}; what it refuses, drops or resets
 * is counted on the route ({@link #onLaneError}) and logged once per cause, as an attacker can make one happen at
 * every frame.
 * <p>
 * Its {@link CircuitBreaker} is asked by the driver before each message (see {@link DriverWorker}); each transition
 * sets the route's {@code rtt_route_breaker_state} gauge (and counts an opening in {@link RouteCounter#BREAKER_TRIPS}),
 * is logged once, and is told to the panel's listener.
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
    private final CircuitBreaker breaker;
    private final RouteQueue queue;
    private final DriverWorker worker;
    private final TokenBucket bucket;
    private final Backpressure backpressure;
    private final FrameFlyweight frame = new FrameFlyweight();
    private final UnsafeBuffer errorText = new UnsafeBuffer(new byte[0]);
    private final LaneServer lane;
    /** The causes of lane errors logged so far: each is logged once, then only counted. */
    private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    /**
     * Opens the route's lane and joins its queue to the driver's schedule.
     *
     * @param route           the route.
     * @param routeId         its number on the lane.
     * @param laneDir         where lane files and sockets go.
     * @param ringBytes       each shm ring's size.
     * @param limits          what a client may hold of the lane.
     * @param worker          the driver of the route's component.
     * @param recordMetrics   whether the route records metrics.
     * @param breakerPolicy   its circuit breaker's thresholds.
     * @param breakerListener told of each transition of its breaker, besides the log and the metrics gauge.
     */
    RouteServer(final Route route, final int routeId, final Path laneDir, final int ringBytes,
        final LaneLimits limits, final DriverWorker worker, final boolean recordMetrics,
        final BreakerPolicy breakerPolicy, final BreakerListener breakerListener)
    {
        this.route = route;
        this.routeId = routeId;
        this.worker = worker;
        final RouteMetrics routeMetrics = new RouteMetrics(route.id(), route.lane().name().toLowerCase(Locale.ROOT),
            route.driver(), recordMetrics);
        this.metrics = routeMetrics;
        this.breaker = new CircuitBreaker(route.id(), breakerPolicy, SystemNanoClock.INSTANCE,
            (id, from, to, reason) ->
            {
                routeMetrics.breakerState(to.gauge());
                if (to == CircuitBreaker.State.OPEN)
                {
                    routeMetrics.increment(RouteCounter.BREAKER_TRIPS);
                }
                BreakerListener.LOGGING.onTransition(id, from, to, reason);
                breakerListener.onTransition(id, from, to, reason);
            });
        this.queue = new RouteQueue(route.id(), routeId, route.qos().priority(), QUEUE_CAPACITY, metrics, breaker);
        this.backpressure = route.qos().backpressurePolicy();
        final long rate = route.qos().ratePerSecond();
        this.bucket = rate == 0 ? null : new TokenBucket(rate, Math.max(1, rate / 100), System.nanoTime());
        // the queue is in the driver's schedule before the first frame can be admitted to it
        worker.attach(queue);
        try
        {
            this.lane = LaneFactory.of(route.lane()).serve(new LaneSpec(route.id(), routeId, laneDir, ringBytes,
                Math.min(route.qos().maxMessageBytes(), LaneSpec.MAX_MESSAGE_BYTES), limits), this::admit,
                this::onLaneError);
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

    CircuitBreaker breaker()
    {
        return breaker;
    }

    /**
     * Probes the route's driver from inside the panel, as {@link DriverWorker#probeInside()} does.
     *
     * @return completes when the driver is live; fails saying why not.
     */
    CompletableFuture<Void> probeInside()
    {
        final String failure = failure();
        return failure != null ? CompletableFuture.failedFuture(new IllegalStateException(failure)) :
            worker.probeInside();
    }

    /**
     * Why the route stopped being served by itself: its lane's thread or its driver's died.
     *
     * @return the reason, or null while it is served.
     */
    @Nullable String failure()
    {
        final String laneFailure = lane.failure();
        return laneFailure != null ? laneFailure : worker.failure();
    }

    /**
     * The lane refused, dropped or reset something of a client's (a {@link LaneFaultException}), skipped a malformed
     * frame (a drop), or its loop failed and carries on (an error): counted each time, logged once per cause.
     */
    private void onLaneError(final Throwable error)
    {
        final String cause;
        final RouteCounter counter;
        if (error instanceof LaneFaultException fault)
        {
            cause = fault.fault().name();
            counter = counterOf(fault.fault());
        }
        else if (error instanceof IllegalArgumentException)
        {
            cause = "MALFORMED_FRAME";
            counter = RouteCounter.DROPPED;
        }
        else
        {
            cause = error.getClass().getName();
            counter = RouteCounter.ERRORS;
        }
        metrics.increment(counter);
        if (loggedCauses.add(cause))
        {
            final String message = "route {}: {} (counted in {}; further ones of this cause are not logged)";
            if (error instanceof Error)
            {
                LOG.error(message, route.id(), error.toString(), counter.metric());
            }
            else
            {
                LOG.warn(message, route.id(), error.getMessage(), counter.metric());
            }
        }
        else
        {
            LOG.debug("route {}: {}", route.id(), error.getMessage());
        }
    }

    /** What a lane fault counts as: refused with an error frame, or dropped, or an error of the lane. */
    private static RouteCounter counterOf(final LaneFault fault)
    {
        return switch (fault)
        {
            case OVERSIZED_FRAME, CONNECTION_LIMIT -> RouteCounter.REJECTED;
            case IDLE_CONNECTION, HALF_SENT_FRAME, SLOW_READER -> RouteCounter.DROPPED;
            case DAMAGED_RING -> RouteCounter.ERRORS;
        };
    }

    /** Admits one frame, already checked, from the lane. */
    void admit(final DirectBuffer buffer, final int offset, final int length, final FrameSender replyTo)
    {
        frame.wrap((MutableDirectBuffer)buffer, offset);
        final byte kind = frame.kind();
        if (kind != FrameDescriptor.KIND_REQUEST && kind != FrameDescriptor.KIND_EVENT &&
            kind != FrameDescriptor.KIND_PROBE)
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
        if (kind == FrameDescriptor.KIND_PROBE)
        {
            admitProbe(replyTo);
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

    /** Queues a probe for the driver, uncounted and free of the rate limit; a full queue answers it at once. */
    private void admitProbe(final FrameSender replyTo)
    {
        final Work work = queue.claim();
        if (work == null)
        {
            refuse(FrameDescriptor.KIND_PROBE, replyTo, "route " + route.id() + "'s queue is full (" +
                QUEUE_CAPACITY + " messages waiting for its driver)");
            return;
        }
        work.kind = FrameDescriptor.KIND_PROBE;
        work.correlationId = frame.correlationId();
        work.deadlineNs = frame.deadlineNs();
        work.length = 0;
        work.replyTo = replyTo;
        work.admittedNs = 0;
        queue.publish();
        worker.wake();
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
        if (kind != FrameDescriptor.KIND_REQUEST && kind != FrameDescriptor.KIND_PROBE)
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
