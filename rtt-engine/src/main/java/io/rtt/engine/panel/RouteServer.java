package io.rtt.engine.panel;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameFlyweight;
import io.rtt.engine.fabric.FrameSender;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneFactory;
import io.rtt.engine.fabric.LaneFault;
import io.rtt.engine.fabric.LaneFaultException;
import io.rtt.engine.fabric.LaneLimits;
import io.rtt.engine.fabric.LaneServer;
import io.rtt.engine.fabric.LaneSpec;
import io.rtt.engine.health.BreakerListener;
import io.rtt.engine.health.BreakerPolicy;
import io.rtt.engine.health.CircuitBreaker;
import io.rtt.engine.model.Route;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving end of one route: its lane, and its {@link RouteIntake}, which admits each message under the route's
 * QoS before handing it to the driver's queue. The server checks each frame's kind and route number; the intake the
 * size, the token bucket and room in the queue, with the route's backpressure. Every outcome is counted.
 * <p>
 * The lane is whichever {@link LaneServer} the {@link LaneFactory} of the route's lane kind makes: its intake is the
 * lane's own thread (a shm lane's consumer agent, a uds lane's event loop), which calls {@link #admit}. The lane is
 * bounded by the route's {@code maxMessageBytes} and the panel's {@link LaneLimits}; what it refuses, drops or resets
 * is counted on the route ({@link #onLaneError}) and logged once per cause, as an attacker can make one happen at
 * every frame.
 * <p>
 * While a canary of a new definition of the route runs ({@link CanaryRun}), the server {@link #split}s the route's
 * messages: a fixed share, spread evenly, goes to the canary's intake (its own QoS, queue, driver and metrics); the
 * answers go back over the same lane.
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
    /** Parts per million: a canary's share of the route's messages. */
    private static final long PPM = 1_000_000;

    private final int routeId;
    private final RouteIntake primary;
    private final FrameFlyweight frame = new FrameFlyweight();
    private final LaneServer lane;
    /** The causes of lane errors logged so far: each is logged once, then only counted. */
    private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();
    /** The canary's intake while one runs: it takes {@link #canaryPpm} of the messages. */
    private volatile @Nullable RouteIntake canary;
    private volatile long canaryPpm;
    /** Messages admitted while a canary runs; the intake thread's alone. */
    private long split;

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
        this.routeId = routeId;
        // the queue is in the driver's schedule before the first frame can be admitted to it
        this.primary = new RouteIntake(route, route.id(), routeId, worker, recordMetrics, breakerPolicy,
            breakerListener);
        try
        {
            this.lane = LaneFactory.of(route.lane()).serve(new LaneSpec(route.id(), routeId, laneDir, ringBytes,
                Math.min(route.qos().maxMessageBytes(), LaneSpec.MAX_MESSAGE_BYTES), limits), this::admit,
                this::onLaneError);
        }
        catch (final RuntimeException ex)
        {
            primary.close();
            throw ex;
        }
    }

    Route route()
    {
        return primary.route();
    }

    int routeId()
    {
        return routeId;
    }

    LaneAddress address()
    {
        return lane.address();
    }

    RouteMetrics metrics()
    {
        return primary.metrics();
    }

    CircuitBreaker breaker()
    {
        return primary.breaker();
    }

    /**
     * Splits the route's messages with a canary: from now on {@code fraction} of them, spread evenly, go to the
     * canary's intake instead of the route's own; null stops the split. Probes stay with the route's own driver.
     *
     * @param intake   the canary's intake, or null.
     * @param fraction its share, above 0 and at most 1.
     */
    void split(final @Nullable RouteIntake intake, final double fraction)
    {
        canaryPpm = Math.round(fraction * PPM);
        canary = intake;
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
            primary.probeInside();
    }

    /**
     * Why the route stopped being served by itself: its lane's thread or its driver's died.
     *
     * @return the reason, or null while it is served.
     */
    @Nullable String failure()
    {
        final String laneFailure = lane.failure();
        return laneFailure != null ? laneFailure : primary.worker().failure();
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
        primary.metrics().increment(counter);
        if (loggedCauses.add(cause))
        {
            final String message = "route {}: {} (counted in {}; further ones of this cause are not logged)";
            if (error instanceof Error)
            {
                LOG.error(message, route().id(), error.toString(), counter.metric());
            }
            else
            {
                LOG.warn(message, route().id(), error.getMessage(), counter.metric());
            }
        }
        else
        {
            LOG.debug("route {}: {}", route().id(), error.getMessage());
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
        if (frame.routeId() != routeId)
        {
            primary.refuse(kind, frame, replyTo, "frame for route id " + frame.routeId() + " on the lane of route " +
                route().id() + " (id " + routeId + ")");
            return;
        }
        if (kind == FrameDescriptor.KIND_PROBE)
        {
            primary.admitProbe(frame, replyTo);
            return;
        }
        final RouteIntake toCanary = canary;
        if (toCanary != null && canaryTurn())
        {
            toCanary.admit(kind, frame, buffer, replyTo);
        }
        else
        {
            primary.admit(kind, frame, buffer, replyTo);
        }
    }

    /** Whether this message is the canary's: its share, spread evenly over the messages. */
    private boolean canaryTurn()
    {
        final long ppm = canaryPpm;
        final long n = ++split;
        return n * ppm / PPM != (n - 1) * ppm / PPM;
    }

    /**
     * Stops admitting, leaves the driver's schedule and closes the lane (removing its files). The driver answers
     * under the answering end's lock, which closing the lane takes: it is never in the middle of a send on a closed
     * lane. A step that fails does not keep the others from running. A canary's intake is its owner's to close.
     */
    @Override
    public void close()
    {
        canary = null;
        CloseHelper.closeAll(primary::close, lane);
    }
}
