package io.rtt.engine.panel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.fabric.Agents;
import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameSender;
import io.rtt.engine.fabric.LaneClosedException;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent ({@code rtt-driver-<component>}) that runs one driver for every route to its component. Each turn picks
 * the next message across the routes' queues by the component's {@link Scheduling}, skips a request whose deadline
 * passed, runs the driver, answers, and records the service latency. Answers to a uds lane go out in batches: the
 * worker flushes when it runs out of work or every {@link #FLUSH_EVERY} messages. With nothing to do it parks until
 * an intake wakes it ({@link ParkingIdleStrategy}). A message that fails is counted on its route and the driver goes
 * on; a failure of the loop itself goes to the panel's error handler.
 * <p>
 * Thread-safe: intakes call {@link #wake()}, the panel attaches, detaches and closes, from their own threads.
 */
final class DriverWorker implements Agent, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DriverWorker.class);
    /** Messages answered between flushes while busy. */
    static final int FLUSH_EVERY = 64;
    /** How long an answer waits for room in a full response ring before it is dropped and counted. */
    static final long REPLY_WAIT_NS = TimeUnit.SECONDS.toNanos(1);
    /** Longest park with nothing to do: a bound on a wake-up lost to a bug, as none is lost by design. */
    static final long PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String component;
    private final String driverName;
    private final Driver driver;
    private final Scheduling scheduling;
    private final ExpandableArrayBuffer response = new ExpandableArrayBuffer(4096);
    private final UnsafeBuffer errorText = new UnsafeBuffer(new byte[0]);
    private final long[] virtualTime = new long[1];
    private final List<FrameSender> unflushed = new ArrayList<>();
    private volatile RouteQueue[] queues = new RouteQueue[0];
    private volatile boolean stopping;
    private final ParkingIdleStrategy idle = new ParkingIdleStrategy(PARK_NS, () -> stopping || hasWork());
    /** Messages served since the last flush; the agent's alone. */
    private int sinceFlush;
    private final AgentRunner runner;

    /**
     * Starts the agent; it owns the driver from here on, and closes it with itself.
     *
     * @param component    the component the driver serves.
     * @param driverName   the driver's name.
     * @param driver       the running driver.
     * @param scheduling   how to order the routes' messages.
     * @param errorHandler told of each failure of the loop itself.
     */
    DriverWorker(final String component, final String driverName, final Driver driver, final Scheduling scheduling,
        final ErrorHandler errorHandler)
    {
        this.component = component;
        this.driverName = driverName;
        this.driver = driver;
        this.scheduling = scheduling;
        this.runner = Agents.start(this, idle, errorHandler);
    }

    Scheduling scheduling()
    {
        return scheduling;
    }

    String driverName()
    {
        return driverName;
    }

    /** Adds a route's queue. */
    synchronized void attach(final RouteQueue queue)
    {
        final RouteQueue[] next = Arrays.copyOf(queues, queues.length + 1);
        next[next.length - 1] = queue;
        queues = next;
    }

    /** Removes a route's queue; messages still in it are not served. */
    synchronized void detach(final RouteQueue queue)
    {
        queues = Arrays.stream(queues).filter(q -> q != queue).toArray(RouteQueue[]::new);
    }

    /** How many routes it serves. */
    int routeCount()
    {
        return queues.length;
    }

    /** Wakes the worker if it is parked; intakes call this after publishing. */
    void wake()
    {
        idle.wake();
    }

    /** Serves one message, or flushes what is answered when there is none. */
    @Override
    public int doWork()
    {
        if (stopping)
        {
            throw new AgentTerminationException("driver of " + component + " closing");
        }
        final RouteQueue queue = scheduling.pick(queues, virtualTime);
        if (queue == null)
        {
            flushAll();
            sinceFlush = 0;
            return 0;
        }
        try
        {
            serve(queue, queue.peek());
        }
        catch (final RuntimeException ex)
        {
            // one message's failure must not stop the driver of every route to this component
            queue.metrics.increment(RouteCounter.ERRORS);
            LOG.warn("route {}: message failed: {}", queue.route, ex.toString());
        }
        queue.release();
        if (++sinceFlush == FLUSH_EVERY)
        {
            flushAll();
            sinceFlush = 0;
        }
        return 1;
    }

    /** Sends what was answered before the loop stopped. */
    @Override
    public void onClose()
    {
        flushAll();
    }

    @Override
    public String roleName()
    {
        return "rtt-driver-" + component;
    }

    /** Whether any queue has a message; unlike a pick, it moves no scheduling state. */
    private boolean hasWork()
    {
        for (final RouteQueue queue : queues)
        {
            if (queue.peek() != null)
            {
                return true;
            }
        }
        return false;
    }

    private void serve(final RouteQueue queue, final Work work)
    {
        final RouteMetrics metrics = queue.metrics;
        if (work.deadlineNs != 0 && epochNanosApprox() > work.deadlineNs)
        {
            metrics.increment(RouteCounter.EXPIRED);
            if (work.kind == FrameDescriptor.KIND_REQUEST)
            {
                replyError(queue, work, "deadline passed before the driver ran the request");
            }
            return;
        }
        final int length;
        try
        {
            length = driver.handle(work.payload, 0, work.length, response);
        }
        catch (final Exception ex)
        {
            metrics.increment(RouteCounter.ERRORS);
            if (work.kind == FrameDescriptor.KIND_REQUEST)
            {
                replyError(queue, work, String.valueOf(ex.getMessage()));
            }
            recordLatency(metrics, work);
            return;
        }
        if (work.kind == FrameDescriptor.KIND_REQUEST && length > work.replyTo.maxPayloadLength())
        {
            metrics.increment(RouteCounter.ERRORS);
            replyError(queue, work, "the answer of " + length + " bytes is more than the lane carries (" +
                work.replyTo.maxPayloadLength() + ")");
        }
        else if (work.kind == FrameDescriptor.KIND_REQUEST &&
            reply(queue, work, FrameDescriptor.KIND_RESPONSE, response, length))
        {
            metrics.increment(RouteCounter.RESPONSES);
            metrics.add(RouteCounter.BYTES_OUT, length);
        }
        recordLatency(metrics, work);
    }

    private static void recordLatency(final RouteMetrics metrics, final Work work)
    {
        if (metrics.enabled())
        {
            metrics.recordLatency(System.nanoTime() - work.admittedNs);
        }
    }

    private void replyError(final RouteQueue queue, final Work work, final String message)
    {
        final byte[] text = message.getBytes(StandardCharsets.UTF_8);
        errorText.wrap(text);
        reply(queue, work, FrameDescriptor.KIND_ERROR, errorText, text.length);
    }

    private boolean reply(final RouteQueue queue, final Work work, final byte kind,
        final DirectBuffer payload, final int length)
    {
        final FrameSender to = work.replyTo;
        final long giveUpAt = System.nanoTime() + REPLY_WAIT_NS;
        try
        {
            synchronized (to)
            {
                while (!to.send(kind, queue.routeId, work.correlationId, work.deadlineNs, payload, 0, length))
                {
                    if (System.nanoTime() - giveUpAt > 0 || stopping)
                    {
                        queue.metrics.increment(RouteCounter.DROPPED);
                        return false;
                    }
                    Thread.yield();
                }
            }
        }
        catch (final LaneClosedException ex)
        {
            queue.metrics.increment(RouteCounter.DROPPED);
            return false;
        }
        if (!unflushed.contains(to))
        {
            unflushed.add(to);
        }
        return true;
    }

    private void flushAll()
    {
        for (int i = 0; i < unflushed.size(); i++)
        {
            final FrameSender to = unflushed.get(i);
            try
            {
                synchronized (to)
                {
                    to.flush();
                }
            }
            catch (final LaneClosedException ex)
            {
                LOG.debug("answers to a closed lane not flushed: {}", ex.getMessage());
            }
        }
        unflushed.clear();
    }

    /** Epoch nanoseconds at millisecond resolution: enough for deadlines, and free of allocation. */
    private static long epochNanosApprox()
    {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** Stops the agent at once and waits for it, then closes the driver, even if stopping failed. Idempotent. */
    @Override
    public synchronized void close()
    {
        if (stopping)
        {
            return;
        }
        stopping = true;
        idle.wake();
        CloseHelper.closeAll(runner, driver);
    }
}
