package io.rtt.engine.panel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverBatch;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.RequestRefusedException;
import io.rtt.engine.fabric.Agents;
import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.FrameSender;
import io.rtt.engine.fabric.LaneClosedException;
import io.rtt.engine.health.CircuitBreaker;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent ({@code rtt-driver-<component>}) that runs one driver for every route to its component. Each turn picks
 * the next message across the routes' queues by the component's {@link Scheduling}, skips a request whose deadline
 * passed, asks the route's {@link CircuitBreaker} (an open one answers the request at once with its refusal and
 * counts it {@link RouteCounter#SHORT_CIRCUITED}), runs the driver, tells the breaker how the call went (an exception
 * or an error of the driver is a failure; a message that expired was never run and does not count), answers, and
 * records the service latency. Answers to a uds lane go out in batches: the
 * worker flushes when it runs out of work or every {@link #FLUSH_EVERY} messages. With nothing to do it parks until
 * an intake wakes it ({@link ParkingIdleStrategy}). A message that fails is counted on its route and the driver goes
 * on; a failure of the loop itself goes to the panel's error handler. Should its thread die (an {@code Error}), that
 * is logged and {@link #failure()} says so, so the panel lists its routes as unserved and restarts them.
 * <p>
 * Thread-safe: intakes call {@link #wake()}, the panel attaches, detaches and closes, from their own threads.
 * <p>
 * A driver that throws an exception fails that request. One that throws anything else (an {@link Error} such as
 * {@link OutOfMemoryError}) is broken: the worker logs it, answers the request with an error, counts a
 * {@link RouteCounter#DRIVER_FAILURES driver failure}, closes the driver and starts another. A driver that fails
 * {@link #MAX_FAILURES} times within {@link #FAILURE_WINDOW_NS}, or cannot be started again, is stopped: every
 * request is answered with the reason, {@link #stoppedReason()}, until the panel takes its routes down.
 */
final class DriverWorker implements Agent, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DriverWorker.class);
    /** Messages answered between flushes while busy. */
    static final int FLUSH_EVERY = 64;
    /** How long an answer waits for room in a full response ring before it is dropped and counted. */
    static final long REPLY_WAIT_NS = TimeUnit.SECONDS.toNanos(1);
    /** The most messages one {@link Driver#handleBatch} call takes, whatever the driver's limit. */
    static final int MAX_BATCH = 64;
    /** What {@link #admit} returns for a message it answered itself (expired, or refused by the breaker). */
    private static final long NOT_ADMITTED = Long.MIN_VALUE;
    /** Longest park with nothing to do: a bound on a wake-up lost to a bug, as none is lost by design. */
    static final long PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Driver failures within {@link #FAILURE_WINDOW_NS} after which it is stopped rather than restarted again. */
    static final int MAX_FAILURES = 3;
    /** The window in which {@link #MAX_FAILURES} failures stop a driver. */
    static final long FAILURE_WINDOW_NS = TimeUnit.MINUTES.toNanos(1);

    private final String component;
    private final String driverName;
    private final Callable<StartedDriver> starter;
    private final Scheduling scheduling;
    private final ExpandableArrayBuffer response = new ExpandableArrayBuffer(4096);
    private final UnsafeBuffer errorText = new UnsafeBuffer(new byte[0]);
    /** A circuit breaker's refusal, written in place: an open route answers every request with one. */
    private final ExpandableArrayBuffer refusalText = new ExpandableArrayBuffer(256);
    private final long[] virtualTime = new long[1];
    private final List<FrameSender> unflushed = new ArrayList<>();
    private final QueueBatch batch = new QueueBatch();
    /** When the latest failures happened, a ring of {@link #MAX_FAILURES}; the worker thread's alone. */
    private final long[] failureTimesNs = new long[MAX_FAILURES];
    private long failures;
    /** The running driver; replaced by the worker thread on a restart, closed by {@link #close()}. */
    private volatile Driver driver;
    /** Where the running driver's system is, for the routes' statuses. */
    private volatile DriverEndpoint endpoint;
    private volatile String stoppedReason;
    private volatile RouteQueue[] queues = new RouteQueue[0];
    private volatile boolean stopping;
    /** A probe asked from inside the panel ({@link #probeInside()}), until the worker thread runs it. */
    private final AtomicReference<CompletableFuture<Void>> insideProbe = new AtomicReference<>();
    private final ParkingIdleStrategy idle = new ParkingIdleStrategy(PARK_NS,
        () -> stopping || hasWork() || insideProbe.get() != null);
    /** Messages served since the last flush; the agent's alone. */
    private int sinceFlush;
    private final AgentRunner runner;
    private volatile @Nullable String failure;

    /**
     * Starts the driver, then the agent; it owns the driver from here on, and closes it with itself.
     *
     * @param component    the component the driver serves.
     * @param driverName   the driver's name.
     * @param starter      starts the driver, now and after each failure.
     * @param scheduling   how to order the routes' messages.
     * @param errorHandler told of each failure of the loop itself.
     * @throws Exception when the driver cannot start.
     */
    DriverWorker(final String component, final String driverName, final Callable<StartedDriver> starter,
        final Scheduling scheduling, final ErrorHandler errorHandler) throws Exception
    {
        this.component = component;
        this.driverName = driverName;
        this.starter = starter;
        final StartedDriver started = starter.call();
        this.driver = started.driver();
        this.endpoint = started.endpoint();
        this.scheduling = scheduling;
        this.runner = Agents.start(this, idle, errorHandler,
            error -> failure = "the driver thread of " + component + " died: " + error);
    }

    /** Why the worker stopped by itself (its thread died), or null while it runs. */
    @Nullable String failure()
    {
        return failure;
    }

    /** Where the running driver's system is, and how that was resolved. */
    DriverEndpoint endpoint()
    {
        return endpoint;
    }

    Scheduling scheduling()
    {
        return scheduling;
    }

    String driverName()
    {
        return driverName;
    }

    /** Why the driver serves no more, or null while it serves: the panel then takes its routes down. */
    String stoppedReason()
    {
        return stoppedReason;
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

    /**
     * Probes the driver from inside the panel, not over a lane: for a route whose lane a client holds (a shm lane
     * has one client at a time). The worker thread runs it before its next message. Probes asked while one waits
     * share its answer.
     *
     * @return completes when the driver's backend answers; fails saying why not, or when the worker closes first.
     */
    CompletableFuture<Void> probeInside()
    {
        final CompletableFuture<Void> fresh = new CompletableFuture<>();
        final CompletableFuture<Void> waiting = insideProbe.compareAndExchange(null, fresh);
        if (waiting != null)
        {
            return waiting;
        }
        if (stopping)
        {
            insideProbe.set(null);
            fresh.completeExceptionally(new IllegalStateException("the driver of " + component + " is closing"));
        }
        idle.wake();
        return fresh;
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
        final CompletableFuture<Void> probe = insideProbe.get();
        if (probe != null)
        {
            answerInsideProbe(probe);
        }
        final RouteQueue queue = scheduling.pick(queues, virtualTime);
        if (queue == null)
        {
            flushAll();
            sinceFlush = 0;
            return 0;
        }
        final int batchLimit = Math.min(MAX_BATCH, driver.batchLimit());
        int served = batchLimit > 1 && queue.size() > 1 ? serveBatch(queue, batchLimit) : 0;
        if (served == 0)
        {
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
            served = 1;
        }
        else
        {
            // a batch is as many messages of the route's fair share as it carried
            queue.finishTag += (served - 1) * Math.max(1, Scheduling.UNIT / queue.weight);
        }
        sinceFlush += served;
        if (sinceFlush >= FLUSH_EVERY)
        {
            flushAll();
            sinceFlush = 0;
        }
        return served;
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
        if (work.kind == FrameDescriptor.KIND_PROBE)
        {
            probe(queue, work);
            return;
        }
        final long startedNs = admit(queue, work);
        if (startedNs == NOT_ADMITTED)
        {
            return;
        }
        final int length;
        try
        {
            length = work.kind == FrameDescriptor.KIND_REQUEST && driver.subscribes(work.payload, 0, work.length) ?
                driver.subscribe(work.payload, 0, work.length, new LaneEventSink(work.replyTo, queue), response) :
                driver.handle(work.payload, 0, work.length, response);
        }
        catch (final RequestRefusedException refused)
        {
            refused(queue, work, startedNs, String.valueOf(refused.getMessage()));
            return;
        }
        catch (final Exception ex)
        {
            failed(queue, work, startedNs, String.valueOf(ex.getMessage()));
            return;
        }
        catch (final Throwable failure)
        {
            broken(queue, work, startedNs, failure);
            return;
        }
        answered(queue, work, startedNs, response, length);
    }

    /**
     * Serves the requests waiting at the head of a queue in one batch of the driver's ({@link Driver#handleBatch}),
     * up to its limit and before any probe or subscription request.
     *
     * @return how many messages were taken from the queue, each served; 0 when the head is not a batch.
     */
    private int serveBatch(final RouteQueue queue, final int limit)
    {
        int taken = 0;
        while (taken < limit)
        {
            final Work work = queue.peek(taken);
            if (work == null || work.kind == FrameDescriptor.KIND_PROBE ||
                work.kind == FrameDescriptor.KIND_REQUEST && driver.subscribes(work.payload, 0, work.length))
            {
                break;
            }
            taken++;
        }
        if (taken < 2)
        {
            return 0;
        }
        try
        {
            batch.reset(queue);
            for (int i = 0; i < taken; i++)
            {
                final Work work = queue.peek(i);
                final long startedNs = admit(queue, work);
                if (startedNs != NOT_ADMITTED)
                {
                    batch.add(work, startedNs);
                }
            }
            if (batch.size() > 0)
            {
                try
                {
                    driver.handleBatch(batch);
                    batch.failUnanswered("the " + driverName + " driver gave no answer to the request");
                }
                catch (final Exception ex)
                {
                    batch.failUnanswered(String.valueOf(ex.getMessage()));
                }
                catch (final Throwable failure)
                {
                    batch.breakUnanswered(failure);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            // a reply that failed must not leave the batch's messages to be served a second time
            queue.metrics.increment(RouteCounter.ERRORS);
            LOG.warn("route {}: batch failed: {}", queue.route, ex.toString());
        }
        finally
        {
            batch.clear();
            for (int i = 0; i < taken; i++)
            {
                queue.release();
            }
        }
        return taken;
    }

    /**
     * Admits a message to its driver: not past its deadline, and let through by its route's circuit breaker.
     *
     * @return when the call started, for the breaker; {@link #NOT_ADMITTED} when it was answered here instead.
     */
    private long admit(final RouteQueue queue, final Work work)
    {
        final RouteMetrics metrics = queue.metrics;
        if (work.deadlineNs != 0 && epochNanosApprox() > work.deadlineNs)
        {
            metrics.increment(RouteCounter.EXPIRED);
            if (work.kind == FrameDescriptor.KIND_REQUEST)
            {
                replyError(queue, work, "deadline passed before the driver ran the request");
            }
            return NOT_ADMITTED;
        }
        final CircuitBreaker breaker = queue.breaker;
        if (!breaker.tryAcquirePermission())
        {
            metrics.increment(RouteCounter.SHORT_CIRCUITED);
            if (work.kind == FrameDescriptor.KIND_REQUEST)
            {
                reply(queue, work, FrameDescriptor.KIND_ERROR, refusalText, breaker.refusal(refusalText, 0));
            }
            return NOT_ADMITTED;
        }
        return breaker.startCall();
    }

    /** The driver answered: an answer the lane cannot carry is the route's limit, not the backend's failure. */
    private void answered(final RouteQueue queue, final Work work, final long startedNs, final DirectBuffer answer,
        final int length)
    {
        final RouteMetrics metrics = queue.metrics;
        queue.breaker.onSuccess(startedNs);
        if (work.kind == FrameDescriptor.KIND_REQUEST && length > work.replyTo.maxPayloadLength())
        {
            metrics.increment(RouteCounter.ERRORS);
            replyError(queue, work, "the answer of " + length + " bytes is more than the lane carries (" +
                work.replyTo.maxPayloadLength() + ")");
        }
        else if (work.kind == FrameDescriptor.KIND_REQUEST &&
            reply(queue, work, FrameDescriptor.KIND_RESPONSE, answer, length))
        {
            metrics.increment(RouteCounter.RESPONSES);
            metrics.add(RouteCounter.BYTES_OUT, length);
        }
        recordLatency(metrics, work);
    }

    /** The backend answered, or was never asked: the request's fault says nothing of the backend's health. */
    private void refused(final RouteQueue queue, final Work work, final long startedNs, final String message)
    {
        queue.breaker.onSuccess(startedNs);
        queue.metrics.increment(RouteCounter.ERRORS);
        if (work.kind == FrameDescriptor.KIND_REQUEST)
        {
            replyError(queue, work, message);
        }
        recordLatency(queue.metrics, work);
    }

    /** The backend failed the request: it counts against the breaker. */
    private void failed(final RouteQueue queue, final Work work, final long startedNs, final String message)
    {
        queue.breaker.onFailure(startedNs);
        queue.metrics.increment(RouteCounter.ERRORS);
        if (work.kind == FrameDescriptor.KIND_REQUEST)
        {
            replyError(queue, work, message);
        }
        recordLatency(queue.metrics, work);
    }

    /** The driver itself broke (an {@link Error}): it is restarted, and the request told whether that worked. */
    private void broken(final RouteQueue queue, final Work work, final long startedNs, final Throwable failure)
    {
        queue.breaker.onFailure(startedNs);
        queue.metrics.increment(RouteCounter.ERRORS);
        queue.metrics.increment(RouteCounter.DRIVER_FAILURES);
        LOG.error("route {}: the {} driver of {} failed", queue.route, driverName, component, failure);
        final String outcome = restart(failure);
        if (work.kind == FrameDescriptor.KIND_REQUEST)
        {
            replyError(queue, work, outcome);
        }
        recordLatency(queue.metrics, work);
    }

    /**
     * The batch {@link #serveBatch} hands the driver: the admitted messages of one queue, and their outcomes sent
     * as the driver gives them. Reused, so a batch allocates nothing; the worker thread's alone.
     */
    private final class QueueBatch implements DriverBatch
    {
        private final Work[] works = new Work[MAX_BATCH];
        private final long[] startedNs = new long[MAX_BATCH];
        private final boolean[] done = new boolean[MAX_BATCH];
        private RouteQueue queue;
        private int size;

        void reset(final RouteQueue queue)
        {
            this.queue = queue;
            this.size = 0;
        }

        void add(final Work work, final long started)
        {
            works[size] = work;
            startedNs[size] = started;
            done[size] = false;
            size++;
        }

        @Override
        public int size()
        {
            return size;
        }

        @Override
        public DirectBuffer buffer(final int index)
        {
            return works[index].payload;
        }

        @Override
        public int offset(final int index)
        {
            return 0;
        }

        @Override
        public int length(final int index)
        {
            return works[index].length;
        }

        @Override
        public void answer(final int index, final DirectBuffer answer, final int length)
        {
            if (settle(index))
            {
                answered(queue, works[index], startedNs[index], answer, length);
            }
        }

        @Override
        public void refuse(final int index, final String message)
        {
            if (settle(index))
            {
                refused(queue, works[index], startedNs[index], message);
            }
        }

        void failUnanswered(final String message)
        {
            for (int i = 0; i < size; i++)
            {
                if (settle(i))
                {
                    failed(queue, works[i], startedNs[i], message);
                }
            }
        }

        void breakUnanswered(final Throwable failure)
        {
            boolean restarted = false;
            for (int i = 0; i < size; i++)
            {
                if (settle(i))
                {
                    if (restarted)
                    {
                        failed(queue, works[i], startedNs[i], "the " + driverName + " driver failed with " + failure);
                    }
                    else
                    {
                        broken(queue, works[i], startedNs[i], failure);
                        restarted = true;
                    }
                }
            }
        }

        /** Marks a request's outcome given; false when it already had one (a driver's second answer is ignored). */
        private boolean settle(final int index)
        {
            if (index < 0 || index >= size || done[index])
            {
                return false;
            }
            done[index] = true;
            return true;
        }

        /** Drops the batch's references, so served slots are not held from here. */
        void clear()
        {
            Arrays.fill(works, 0, size, null);
            size = 0;
            queue = null;
        }
    }

    private void answerInsideProbe(final CompletableFuture<Void> probe)
    {
        insideProbe.set(null);
        final String notLive = notLive();
        if (notLive == null)
        {
            probe.complete(null);
        }
        else
        {
            probe.completeExceptionally(new IllegalStateException(notLive));
        }
    }

    /** Runs the driver's probe: null when its backend answers, else why not. */
    private @Nullable String notLive()
    {
        if (stoppedReason != null)
        {
            return stoppedReason;
        }
        try
        {
            driver.probe();
            return null;
        }
        catch (final Exception ex)
        {
            return "the " + driverName + " driver of " + component + " is not live: " + ex;
        }
    }

    /** Answers a probe: empty when the driver's backend answers, else an error saying why; counted nowhere. */
    private void probe(final RouteQueue queue, final Work work)
    {
        final String notLive = notLive();
        if (notLive != null)
        {
            replyError(queue, work, notLive);
        }
        else
        {
            reply(queue, work, FrameDescriptor.KIND_RESPONSE, errorText, 0);
        }
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

    /**
     * Replaces a failed driver with a new one, or stops it when it keeps failing or cannot start.
     *
     * @return what the failed request's client is told.
     */
    private String restart(final Throwable failure)
    {
        closeDriver();
        final long nowNs = System.nanoTime();
        failureTimesNs[(int)(failures++ % MAX_FAILURES)] = nowNs;
        // the ring's next slot holds the oldest of the last MAX_FAILURES failures
        if (failures >= MAX_FAILURES && nowNs - failureTimesNs[(int)(failures % MAX_FAILURES)] <= FAILURE_WINDOW_NS)
        {
            return stop("the " + driverName + " driver failed " + MAX_FAILURES + " times within " +
                TimeUnit.NANOSECONDS.toSeconds(FAILURE_WINDOW_NS) + " s, last with " + failure + "; it is stopped");
        }
        try
        {
            final StartedDriver started = starter.call();
            driver = started.driver();
            endpoint = started.endpoint();
        }
        catch (final Throwable ex)
        {
            LOG.error("the {} driver of {} cannot restart", driverName, component, ex);
            return stop("the " + driverName + " driver failed with " + failure + " and cannot restart: " + ex);
        }
        LOG.warn("the {} driver of {} restarted after {}", driverName, component, failure.toString());
        return "the " + driverName + " driver failed with " + failure + " and was restarted; whether the request " +
            "took effect is unknown";
    }

    /** Leaves a driver that refuses every request with the reason, for the panel to take its routes down. */
    private String stop(final String reason)
    {
        LOG.error("{}: its routes stop being served", reason);
        driver = (request, offset, length, out) ->
        {
            throw new IllegalStateException(reason);
        };
        stoppedReason = reason;
        return reason;
    }

    private void closeDriver()
    {
        try
        {
            driver.close();
        }
        catch (final Throwable ex)
        {
            LOG.warn("closing the {} driver of {}: {}", driverName, component, ex.toString());
        }
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
        final CompletableFuture<Void> probe = insideProbe.getAndSet(null);
        if (probe != null)
        {
            probe.completeExceptionally(new IllegalStateException("the driver of " + component + " closed"));
        }
    }
}
