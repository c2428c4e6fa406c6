package io.rtt.engine.fabric;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.rtt.engine.Workspace;
import io.rtt.engine.model.Lane;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calling end of a route, over whichever lane the panel gave it: connect by route name, then send requests that
 * complete futures, or stream events one way and poll the events that come back.
 * <pre>{@code
 * try (RouteClient db = RouteClient.connect(Path.of("."), "worker->ledger"))
 * {
 *     byte[] rows = db.request("select 1".getBytes(UTF_8), Duration.ofMillis(50)).join();
 * }
 * }</pre>
 * A request carries its deadline in the frame, so the serving end can order by it and skip work nobody waits for;
 * the future fails with {@link TimeoutException} when it passes, with {@link RouteErrorException} when the serving
 * end answers with an error, and with {@link LaneClosedException} when the lane goes away, saying why when the serving
 * end said (an error frame for the connection, such as a lane at its connection cap). The lane is whichever
 * {@link LaneClient} the {@link LaneFactory} of its kind makes. Thread-safe: sends lock the lane end.
 */
public final class RouteClient implements AutoCloseable
{
    /** Events received and not yet polled, at most; more are dropped and counted. */
    static final int EVENT_BACKLOG = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(RouteClient.class);

    private final LaneAddress address;
    private final LaneClient lane;
    private final ConcurrentHashMap<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<byte[]> events = new ArrayBlockingQueue<>(EVENT_BACKLOG);
    private final AtomicLong correlationIds = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final UnsafeBuffer payloadView = new UnsafeBuffer(new byte[0]);
    /** What the serving end said of the connection itself (an error frame with no request), or null. */
    private volatile String laneError;
    private volatile boolean closed;

    private RouteClient(final LaneAddress address)
    {
        this.address = address;
        this.lane = LaneFactory.of(address.lane()).connect(address,
            (buffer, offset, length, replyTo) -> dispatch(buffer, offset, length), this::onLaneError);
        lane.onClose(() -> failAll(laneError != null ? "the lane of route " + address.route() + " closed: " +
            laneError : "the lane of route " + address.route() + " closed"));
    }

    /**
     * Connects to a route the panel of a workspace serves.
     *
     * @param workspaceRoot the workspace's root directory.
     * @param route         the route id, {@code from->to}.
     * @return the client.
     * @throws IllegalArgumentException when the route is not served (the message lists those that are).
     */
    public static RouteClient connect(final Path workspaceRoot, final String route)
    {
        return connect(LaneDirectory.of(Workspace.open(workspaceRoot)).find(route));
    }

    /**
     * Connects to a lane by its published address.
     *
     * @param address the lane's address.
     * @return the client.
     */
    public static RouteClient connect(final LaneAddress address)
    {
        return new RouteClient(address);
    }

    /** The route this client calls. */
    public String route()
    {
        return address.route();
    }

    /** The lane kind carrying it. */
    public Lane lane()
    {
        return address.lane();
    }

    /**
     * Sends a request. While the lane is full, waits for room until the deadline.
     *
     * @param payload the request.
     * @param timeout how long the answer may take; it becomes the frame's deadline.
     * @return the response's payload.
     */
    public CompletableFuture<byte[]> request(final byte[] payload, final Duration timeout)
    {
        return ask(FrameDescriptor.KIND_REQUEST, payload, timeout);
    }

    /**
     * Asks whether the route's driver is live: a probe frame, answered once the driver checked its backend.
     *
     * @param timeout how long the answer may take; it becomes the frame's deadline.
     * @return completes (with an empty payload) when the driver is live; fails with a {@link RouteErrorException}
     *     saying why not, or with a timeout.
     */
    public CompletableFuture<byte[]> probe(final Duration timeout)
    {
        return ask(FrameDescriptor.KIND_PROBE, new byte[0], timeout);
    }

    private CompletableFuture<byte[]> ask(final byte kind, final byte[] payload, final Duration timeout)
    {
        final long correlationId = correlationIds.incrementAndGet();
        final long timeoutNs = timeout.toNanos();
        final long deadlineNs = epochNanos() + timeoutNs;
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        pending.put(correlationId, future);
        future.orTimeout(timeoutNs, TimeUnit.NANOSECONDS).whenComplete((r, e) -> pending.remove(correlationId));
        try
        {
            final long giveUpAt = System.nanoTime() + timeoutNs;
            while (!offer(kind, correlationId, deadlineNs, payload, true))
            {
                if (System.nanoTime() - giveUpAt > 0)
                {
                    future.completeExceptionally(new TimeoutException("route " + address.route() +
                        ": the lane stayed full until the deadline"));
                    break;
                }
                Thread.yield();
            }
        }
        catch (final RuntimeException ex)
        {
            future.completeExceptionally(ex);
        }
        return future;
    }

    /**
     * Streams one event: no answer is expected. Events are batched on a uds lane: {@link #flush()} after a burst.
     *
     * @param payload the event.
     * @return false when the lane is full; nothing was sent.
     */
    public boolean send(final byte[] payload)
    {
        return offer(FrameDescriptor.KIND_EVENT, 0, 0, payload, false);
    }

    /** Pushes batched events to the lane. */
    public void flush()
    {
        synchronized (lane)
        {
            lane.flush();
        }
    }

    /**
     * Takes events the serving end sent.
     *
     * @param handler receives each event's payload.
     * @param limit   at most this many.
     * @return how many were taken.
     */
    public int poll(final Consumer<byte[]> handler, final int limit)
    {
        int taken = 0;
        byte[] event;
        while (taken < limit && (event = events.poll()) != null)
        {
            handler.accept(event);
            taken++;
        }
        return taken;
    }

    /** Events dropped because nobody polled them. */
    public long droppedEvents()
    {
        return droppedEvents.get();
    }

    /** Messages from the lane that were not frames, and were skipped. */
    public long malformedFrames()
    {
        return malformed.get();
    }

    /** Requests sent and not yet answered. */
    public int pendingRequests()
    {
        return pending.size();
    }

    private boolean offer(final byte kind, final long correlationId, final long deadlineNs, final byte[] payload,
        final boolean flush)
    {
        synchronized (lane)
        {
            if (closed)
            {
                throw new LaneClosedException("route client closed: " + address.route());
            }
            payloadView.wrap(payload);
            final boolean sent = lane.send(kind, address.routeId(), correlationId, deadlineNs, payloadView, 0,
                payload.length);
            if (sent && flush)
            {
                lane.flush();
            }
            return sent;
        }
    }

    /** A frame the lane checked: an event to queue, or the answer to a pending request. */
    private void dispatch(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte kind = buffer.getByte(offset + FrameDescriptor.KIND_OFFSET);
        final byte[] payload = new byte[length - FrameDescriptor.HEADER_LENGTH];
        buffer.getBytes(offset + FrameDescriptor.HEADER_LENGTH, payload);
        if (kind == FrameDescriptor.KIND_EVENT)
        {
            if (!events.offer(payload))
            {
                droppedEvents.incrementAndGet();
            }
            return;
        }
        final long correlationId = buffer.getLong(offset + FrameDescriptor.CORRELATION_ID_OFFSET,
            FrameDescriptor.BYTE_ORDER);
        if (kind == FrameDescriptor.KIND_ERROR && correlationId == 0)
        {
            laneError = new String(payload, StandardCharsets.UTF_8);
            LOG.warn("route {}: the serving end says: {}", address.route(), laneError);
            return;
        }
        final CompletableFuture<byte[]> future = pending.remove(correlationId);
        if (future == null)
        {
            return; // answered after its deadline: the caller has its timeout already
        }
        if (kind == FrameDescriptor.KIND_ERROR)
        {
            future.completeExceptionally(new RouteErrorException(new String(payload, StandardCharsets.UTF_8)));
        }
        else
        {
            future.complete(payload);
        }
    }

    /** The lane skipped a frame that was not one (counted), or its loop failed and carries on. */
    private void onLaneError(final Throwable error)
    {
        if (error instanceof IllegalArgumentException)
        {
            malformed.incrementAndGet();
        }
        LOG.warn("route {}: {}", address.route(), error.toString());
    }

    private void failAll(final String why)
    {
        for (final Long id : pending.keySet())
        {
            final CompletableFuture<byte[]> future = pending.remove(id);
            if (future != null)
            {
                future.completeExceptionally(new LaneClosedException(why));
            }
        }
    }

    private static long epochNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Closes the lane end; requests still waiting fail with {@link LaneClosedException}. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            lane.close();
        }
        finally
        {
            failAll("route client closed: " + address.route());
        }
    }
}
