package io.rtt.engine.panel;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameFlyweight;
import io.rtt.engine.fabric.FrameSender;
import io.rtt.engine.fabric.LaneClosedException;
import io.rtt.engine.fabric.TokenBucket;
import io.rtt.engine.health.BreakerListener;
import io.rtt.engine.health.BreakerPolicy;
import io.rtt.engine.health.CircuitBreaker;
import io.rtt.engine.model.Backpressure;
import io.rtt.engine.model.Route;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route definition's way into its driver: the QoS that admits each message (token bucket, room in the queue,
 * {@link Backpressure}), the queue in the driver's schedule, the circuit breaker the driver asks, and the metrics.
 * A {@link RouteServer} has one for its route, and a second while a canary of a new definition of the route runs
 * beside it ({@link CanaryRun}); both answer on the lane under the lane's route number.
 * <p>
 * Its admit methods run on the lane's intake thread only.
 */
final class RouteIntake
{
    private static final Logger LOG = LoggerFactory.getLogger(RouteIntake.class);
    /** How long a blocking intake sleeps between looks at a full queue. */
    private static final long BLOCK_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Route route;
    private final int routeId;
    private final RouteMetrics metrics;
    private final CircuitBreaker breaker;
    private final RouteQueue queue;
    private final DriverWorker worker;
    private final @Nullable TokenBucket bucket;
    private final Backpressure backpressure;
    private final UnsafeBuffer errorText = new UnsafeBuffer(new byte[0]);
    private volatile boolean running = true;

    /**
     * Joins a route definition's queue to its driver's schedule.
     *
     * @param route           the route definition.
     * @param metricsName     what its metrics are labelled: the route id, or another name for a canary's.
     * @param routeId         the lane's route number, which every answer carries.
     * @param worker          the driver of the route's component.
     * @param recordMetrics   whether the route records metrics.
     * @param breakerPolicy   its circuit breaker's thresholds.
     * @param breakerListener told of each transition of its breaker, besides the log and the metrics gauge.
     */
    RouteIntake(final Route route, final String metricsName, final int routeId, final DriverWorker worker,
        final boolean recordMetrics, final BreakerPolicy breakerPolicy, final BreakerListener breakerListener)
    {
        this.route = route;
        this.routeId = routeId;
        this.worker = worker;
        final RouteMetrics routeMetrics = new RouteMetrics(metricsName, route.lane().name().toLowerCase(Locale.ROOT),
            route.driver(), recordMetrics);
        this.metrics = routeMetrics;
        this.breaker = new CircuitBreaker(metricsName, breakerPolicy, SystemNanoClock.INSTANCE,
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
        this.queue = new RouteQueue(route.id(), routeId, route.qos().priority(), RouteServer.QUEUE_CAPACITY, metrics,
            breaker);
        this.backpressure = route.qos().backpressurePolicy();
        final long rate = route.qos().ratePerSecond();
        this.bucket = rate == 0 ? null : new TokenBucket(rate, Math.max(1, rate / 100), System.nanoTime());
        worker.attach(queue);
    }

    Route route()
    {
        return route;
    }

    RouteMetrics metrics()
    {
        return metrics;
    }

    CircuitBreaker breaker()
    {
        return breaker;
    }

    DriverWorker worker()
    {
        return worker;
    }

    /**
     * Probes the driver from inside the panel, as {@link DriverWorker#probeInside()} does.
     *
     * @return completes when the driver is live; fails saying why not.
     */
    CompletableFuture<Void> probeInside()
    {
        return worker.probeInside();
    }

    /**
     * Admits a request or an event, checked by the lane and the route server, under this definition's QoS.
     *
     * @param kind    request or event.
     * @param frame   the frame, wrapped over {@code buffer}.
     * @param buffer  the lane's buffer.
     * @param replyTo where answers go.
     */
    void admit(final byte kind, final FrameFlyweight frame, final DirectBuffer buffer, final FrameSender replyTo)
    {
        final int payloadLength = frame.payloadLength();
        if (payloadLength > route.qos().maxMessageBytes())
        {
            refuse(kind, frame, replyTo, "message of " + payloadLength + " bytes is over route " + route.id() + "'s " +
                route.qos().maxMessageBytes() + "-byte limit");
            return;
        }
        if (bucket != null && !bucket.tryAcquire(System.nanoTime()) &&
            !overLimit(kind, frame, replyTo, "rate limit"))
        {
            return;
        }
        Work work = queue.claim();
        if (work == null)
        {
            if (!overLimit(kind, frame, replyTo, "queue"))
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
    void admitProbe(final FrameFlyweight frame, final FrameSender replyTo)
    {
        final Work work = queue.claim();
        if (work == null)
        {
            refuse(FrameDescriptor.KIND_PROBE, frame, replyTo, "route " + route.id() + "'s queue is full (" +
                RouteServer.QUEUE_CAPACITY + " messages waiting for its driver)");
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
    private boolean overLimit(final byte kind, final FrameFlyweight frame, final FrameSender replyTo,
        final String what)
    {
        switch (backpressure)
        {
            case FAIL_FAST ->
            {
                metrics.increment(RouteCounter.REJECTED);
                refuse(kind, frame, replyTo, "route " + route.id() + " is over its " + what + "; try again later");
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

    /**
     * Answers a request or a probe at once with an error frame; events get no answer.
     *
     * @param kind    the frame's kind.
     * @param frame   the frame refused.
     * @param replyTo where the answer goes.
     * @param message the reason, for people.
     */
    void refuse(final byte kind, final FrameFlyweight frame, final FrameSender replyTo, final String message)
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

    /** Stops admitting (a blocked admit gives up) and leaves the driver's schedule; what is queued is not served. */
    void close()
    {
        running = false;
        worker.detach(queue);
    }
}
