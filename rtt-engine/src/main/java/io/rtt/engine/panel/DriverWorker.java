package io.rtt.engine.panel;

import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameSender;
import io.rtt.engine.fabric.LaneClosedException;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that runs one driver for every route to its component. It picks the next message across the routes'
 * queues by the component's {@link Scheduling}, skips requests whose deadline passed, runs the driver, answers, and
 * records the service latency. Answers to a uds lane go out in batches: the worker flushes when it runs out of work
 * or every {@link #FLUSH_EVERY} messages. With nothing to do it parks until an intake wakes it.
 */
final class DriverWorker implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DriverWorker.class);
    /** Messages answered between flushes while busy. */
    static final int FLUSH_EVERY = 64;
    /** How long an answer waits for room in a full response ring before it is dropped and counted. */
    static final long REPLY_WAIT_NS = TimeUnit.SECONDS.toNanos(1);

    private final String component;
    private final String driverName;
    private final Driver driver;
    private final Scheduling scheduling;
    private final Thread thread;
    private final ExpandableArrayBuffer response = new ExpandableArrayBuffer(4096);
    private final UnsafeBuffer errorText = new UnsafeBuffer(new byte[0]);
    private final long[] virtualTime = new long[1];
    private final List<FrameSender> unflushed = new ArrayList<>();
    private volatile RouteQueue[] queues = new RouteQueue[0];
    private volatile boolean sleeping;
    private volatile boolean running = true;

    DriverWorker(final String component, final String driverName, final Driver driver, final Scheduling scheduling)
    {
        this.component = component;
        this.driverName = driverName;
        this.driver = driver;
        this.scheduling = scheduling;
        this.thread = new Thread(this::run, "rtt-driver-" + component);
        thread.setDaemon(true);
        thread.start();
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
        // Dekker with the worker's flag-then-recheck: the published slot must be visible before the flag is read
        VarHandle.fullFence();
        if (sleeping)
        {
            LockSupport.unpark(thread);
        }
    }

    private void run()
    {
        int sinceFlush = 0;
        while (running)
        {
            final RouteQueue queue = scheduling.pick(queues, virtualTime);
            if (queue == null)
            {
                flushAll();
                sinceFlush = 0;
                sleeping = true;
                VarHandle.fullFence();
                // re-check after raising the flag: an intake that published before seeing it will not wake us
                if (!hasWork() && running)
                {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                }
                sleeping = false;
                continue;
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
        }
        flushAll();
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
                    if (System.nanoTime() - giveUpAt > 0 || !running)
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

    /** Stops the thread, then closes the driver. */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            driver.close();
        }
        catch (final Exception ex)
        {
            LOG.warn("closing driver of {}: {}", component, ex.getMessage());
        }
    }
}
