package io.rtt.engine.fabric;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One connection of a uds lane, either end; the connecting end is the uds lane's {@link LaneClient}. Frames are
 * written into a direct buffer, many to a batch; a batch goes to the socket in one write when it fills or on
 * {@link #flush()}, and the event loop reads many frames per read (see {@link UdsFrameDecoder}).
 * <p>
 * A connecting (client) end writes its batches to the socket itself, from the sending thread, as a raw socket would:
 * no hand-off to the event loop, which only reads. {@link #send} returns false, writing nothing, while the socket's
 * buffer is full and the batch cannot take the frame: the peer is not reading, and the route's backpressure policy
 * decides what happens next. So that a descriptor number is never written after Netty closed it (and the kernel
 * perhaps gave it to another file), the connection's lock guards every write and every close: the peer hanging up
 * only shuts input down (half-closure), and the connection closes itself under its lock.
 * <p>
 * An accepted (serving) end hands its batches to its event loop and always takes its frames: it answers only what
 * it admitted, and its admission queue is what bounds them; refusing would leave its event loop and its driver
 * waiting on each other. What bounds the answers a client leaves unread is the lane reading nothing more from it
 * while they are over {@link #WATER_MARKS}' high mark, and dropping it if they stay there (see
 * {@link UdsFrameDecoder}).
 * <p>
 * A connecting end that has sent nothing for {@link #HEARTBEAT_INTERVAL_MS} sends a heartbeat from its event loop, so
 * an idle client is not taken for an abandoned connection (see {@link LaneLimits#idleTimeoutMs()}).
 * <p>
 * Not thread-safe, like every {@link FrameSender}: callers lock the connection (a serving end is written by its
 * driver and, for refusals and the flush at the end of a read, by its event loop).
 */
public final class UdsConnection implements LaneClient
{
    /** Bytes a batch holds before it is written without waiting for {@link #flush()}. */
    static final int BATCH_BYTES = 64 * 1024;
    /** Each read takes up to two batches: a pooled buffer, held only while its frames are handled. */
    static final FixedRecvByteBufAllocator READ_SIZES = new FixedRecvByteBufAllocator(2 * BATCH_BYTES);
    /**
     * Level-triggered: a read is not chased by a second one that only learns the socket is empty, as an
     * edge-triggered loop must; measured faster here under a stream and no slower when idle.
     */
    static final EpollMode EPOLL_MODE = EpollMode.LEVEL_TRIGGERED;
    /** How long {@link #close()} waits for queued frames to reach the socket. */
    static final long CLOSE_DRAIN_MS = 5_000;
    /** How long a connecting end's {@link #flush()} waits for a peer that reads nothing before giving up on it. */
    static final long FLUSH_WAIT_NS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Answers a serving end queues for a client before the lane stops reading from it (high) and starts again (low):
     * four batches, a few of a reading client's round trips, and 64 MiB at most across a lane's 256 connections.
     */
    static final WriteBufferWaterMark WATER_MARKS = new WriteBufferWaterMark(2 * BATCH_BYTES, 4 * BATCH_BYTES);
    /** A connecting end that has sent nothing for this long sends a heartbeat: well within the default idle timeout. */
    static final long HEARTBEAT_INTERVAL_MS = TimeUnit.SECONDS.toMillis(20);

    private final Channel channel;
    private final EventLoopGroup ownedGroup;
    /** Whether this is the accepted end, which never refuses a frame. */
    private final boolean serving;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FrameFlyweight frame = new FrameFlyweight();
    /** Frames not yet written; null on a serving end between batches, and once closed. Guarded by the lock. */
    private ByteBuf batch;
    /** Guarded by the lock. */
    private boolean closed;
    /** Run once when the connection closes; guarded by the lock. */
    private final List<Runnable> closeActions = new ArrayList<>();
    /** Whether {@link #close()} ran: the channel and its event loop are let go once. */
    private final AtomicBoolean released = new AtomicBoolean();
    /** Whether a connecting end sent a frame since its last heartbeat tick; written once per tick at most. */
    private volatile boolean sentSinceHeartbeat;

    private UdsConnection(final Channel channel, final EventLoopGroup ownedGroup, final boolean serving)
    {
        this.channel = channel;
        this.ownedGroup = ownedGroup;
        this.serving = serving;
    }

    /** The accepted end of a lane served for {@code spec}: frames arrive on the lane's event loop. */
    static UdsConnection accepted(final Channel channel, final LaneSpec spec, final FrameHandler handler,
        final ErrorHandler errorHandler)
    {
        final UdsConnection connection = new UdsConnection(channel, null, true);
        channel.pipeline().addLast(UdsFrameDecoder.serving(spec, handler, errorHandler, connection));
        channel.closeFuture().addListener(f -> connection.markClosed());
        return connection;
    }

    /**
     * Connects to the uds lane at {@code socket}; frames from the server reach {@code handler} on this connection's
     * own event-loop thread, and what goes wrong on it is logged and counted by a {@link CountingErrorHandler}.
     *
     * @param socket  the lane's socket.
     * @param handler receives each checked frame.
     * @return the connection.
     * @throws LaneClosedException when nothing serves that path.
     */
    public static UdsConnection connect(final Path socket, final FrameHandler handler)
    {
        return connect(socket, handler, new CountingErrorHandler("uds client of " + socket));
    }

    /**
     * Connects to the uds lane at {@code socket}; frames from the server reach {@code handler} on this connection's
     * own event-loop thread.
     *
     * @param socket       the lane's socket.
     * @param handler      receives each checked frame.
     * @param errorHandler told of a malformed frame, a failing handler call or a failed connection, before the
     *                     connection closes.
     * @return the connection.
     * @throws LaneClosedException when nothing serves that path.
     */
    public static UdsConnection connect(final Path socket, final FrameHandler handler, final ErrorHandler errorHandler)
    {
        return connect(socket, handler, errorHandler, HEARTBEAT_INTERVAL_MS);
    }

    /** Connects, sending a heartbeat after {@code heartbeatIntervalMs} of silence. */
    static UdsConnection connect(final Path socket, final FrameHandler handler, final ErrorHandler errorHandler,
        final long heartbeatIntervalMs)
    {
        Doorbell.checkPathLength(socket);
        final EventLoopGroup group = HybridSelectStrategy.newEventLoop("rtt-uds-client");
        try
        {
            // not reading until the decoder is in place, so no frame can arrive ahead of it; a hang-up only shuts
            // input down, so that the descriptor is closed under the connection's lock, never under a writer
            final Channel channel = new Bootstrap().group(group).channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, READ_SIZES)
                .option(EpollChannelOption.EPOLL_MODE, EPOLL_MODE)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(new DomainSocketAddress(socket.toFile())).syncUninterruptibly().channel();
            final UdsConnection connection = new UdsConnection(channel, group, false);
            connection.batch = channel.alloc().directBuffer(BATCH_BYTES);
            connection.wrapView();
            channel.pipeline().addLast(UdsFrameDecoder.connecting(handler, errorHandler, connection));
            channel.closeFuture().addListener(f -> connection.markClosed());
            channel.config().setAutoRead(true);
            // cancelled with the event loop, which the connection owns
            channel.eventLoop().scheduleAtFixedRate(connection::heartbeat, heartbeatIntervalMs, heartbeatIntervalMs,
                TimeUnit.MILLISECONDS);
            return connection;
        }
        catch (final Exception ex)
        {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            throw new LaneClosedException("cannot connect to uds lane " + socket + ": " + ex.getMessage() +
                "; is its route served?");
        }
    }

    @Override
    public boolean send(final byte kind, final int routeId, final long correlationId, final long deadlineNs,
        final DirectBuffer payload, final int offset, final int length)
    {
        // a bad kind or payload throws below before the write index moves: nothing half-written is ever sent
        final int frameLength = FrameDescriptor.checkLength(FrameDescriptor.HEADER_LENGTH + length);
        if (closed)
        {
            throw new LaneClosedException("uds lane connection closed: " + channel.remoteAddress());
        }
        if (!(serving ? roomInQueuedBatch(frameLength) : roomInDirectBatch(frameLength)))
        {
            return false;
        }
        if (!serving && !sentSinceHeartbeat)
        {
            sentSinceHeartbeat = true;
        }
        final int at = batch.writerIndex();
        frame.wrap(view, at).header(kind, routeId, correlationId, deadlineNs, length);
        view.putBytes(at + FrameDescriptor.HEADER_LENGTH, payload, offset, length);
        batch.writerIndex(at + frameLength);
        return true;
    }

    /**
     * A connecting end's heartbeat tick, on its event loop: a heartbeat frame if nothing was sent since the last tick
     * and nothing waits in the batch, written without waiting (a full socket keeps it for the next write).
     */
    private void heartbeat()
    {
        if (sentSinceHeartbeat)
        {
            sentSinceHeartbeat = false;
            return;
        }
        synchronized (this)
        {
            if (closed || batch.isReadable())
            {
                return;
            }
            batch.clear();
            frame.wrap(view, 0).header(FrameDescriptor.KIND_HEARTBEAT, 0, 0, 0, 0);
            batch.writerIndex(FrameDescriptor.HEADER_LENGTH);
            try
            {
                writeSome();
            }
            catch (final LaneClosedException ex)
            {
                // the event loop sees the hang-up and closes the connection
            }
        }
    }

    /**
     * An error frame, for a lane to send before it closes a connection without reading its frame.
     *
     * @param routeId       the route id to answer with.
     * @param correlationId the request it answers, 0 when it answers the connection.
     * @param deadlineNs    the request's deadline.
     * @param message       what the client reads.
     * @return the frame, in a heap buffer the write releases.
     */
    static ByteBuf errorFrame(final int routeId, final long correlationId, final long deadlineNs, final String message)
    {
        final byte[] text = message.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer frameBytes = new UnsafeBuffer(new byte[FrameDescriptor.HEADER_LENGTH + text.length]);
        new FrameFlyweight().wrap(frameBytes, 0)
            .header(FrameDescriptor.KIND_ERROR, routeId, correlationId, deadlineNs, text.length);
        frameBytes.putBytes(FrameDescriptor.HEADER_LENGTH, text);
        return Unpooled.wrappedBuffer(frameBytes.byteArray());
    }

    /** A serving end: a fresh pooled batch whenever the last went to the event loop. */
    private boolean roomInQueuedBatch(final int frameLength)
    {
        if (batch != null && batch.writableBytes() < frameLength)
        {
            flush();
        }
        if (batch == null)
        {
            batch = channel.alloc().directBuffer(Math.max(BATCH_BYTES, frameLength));
            wrapView();
        }
        return true;
    }

    /** A connecting end: one batch, written from this thread; false while the socket still holds too much. */
    private boolean roomInDirectBatch(final int frameLength)
    {
        if (batch.writableBytes() >= frameLength)
        {
            return true;
        }
        writeSome();
        if (batch.isReadable())
        {
            batch.discardReadBytes();
            wrapView();
            return batch.writableBytes() >= frameLength;
        }
        batch.clear();
        if (batch.capacity() < frameLength)
        {
            batch.capacity(frameLength);
            wrapView();
        }
        return true;
    }

    private void wrapView()
    {
        if (batch.hasMemoryAddress())
        {
            view.wrap(batch.memoryAddress(), batch.capacity());
        }
        else
        {
            final ByteBuffer nio = batch.nioBuffer(0, batch.capacity());
            view.wrap(nio, nio.position(), nio.remaining());
        }
    }

    /** Writes as much of a connecting end's batch as the socket takes now, without waiting. */
    private void writeSome()
    {
        final FileDescriptor fd = ((EpollDomainSocketChannel)channel).fd();
        try
        {
            while (batch.isReadable())
            {
                final int written;
                if (batch.hasMemoryAddress())
                {
                    written = fd.writeAddress(batch.memoryAddress(), batch.readerIndex(), batch.writerIndex());
                }
                else
                {
                    final ByteBuffer nio = batch.internalNioBuffer(batch.readerIndex(), batch.readableBytes());
                    written = fd.write(nio, nio.position(), nio.limit());
                }
                if (written <= 0)
                {
                    return; // the socket buffer is full
                }
                batch.skipBytes(written);
            }
        }
        catch (final IOException ex)
        {
            throw new LaneClosedException("uds lane connection failed: " + ex.getMessage());
        }
    }

    /**
     * Sends what is batched. A serving end hands its batch to its event loop. A connecting end writes it to the
     * socket itself, waiting while the peer's side of the socket is full, for at most {@link #FLUSH_WAIT_NS}.
     *
     * @throws LaneClosedException when the connection is closed, or its peer read nothing for that long.
     */
    @Override
    public void flush()
    {
        if (closed)
        {
            throw new LaneClosedException("uds lane connection closed: " + channel.remoteAddress());
        }
        final ByteBuf pending = batch; // read once: the event loop nulls it when the connection closes
        if (pending == null || !pending.isReadable())
        {
            return;
        }
        if (serving)
        {
            batch = null;
            channel.writeAndFlush(pending, channel.voidPromise());
            return;
        }
        final long giveUpAt = System.nanoTime() + FLUSH_WAIT_NS;
        while (!writtenOut())
        {
            if (!channel.isActive() || System.nanoTime() - giveUpAt > 0)
            {
                throw new LaneClosedException("uds lane peer " + channel.remoteAddress() + " is gone or has read " +
                    "nothing for " + TimeUnit.NANOSECONDS.toSeconds(FLUSH_WAIT_NS) + " s");
            }
            Thread.yield();
        }
    }

    /**
     * Writes what the socket takes of a connecting end's batch now, under this connection's lock: the event loop
     * frees the batch under it when the connection closes (a handler may close its own client while the client's
     * thread flushes), so the batch is never read once freed.
     *
     * @return true when the batch is all written (and cleared for the next).
     * @throws LaneClosedException when the connection closed meanwhile.
     */
    private synchronized boolean writtenOut()
    {
        if (batch == null)
        {
            throw new LaneClosedException("uds lane connection closed: " + channel.remoteAddress());
        }
        writeSome();
        if (batch.isReadable())
        {
            return false;
        }
        batch.clear();
        return true;
    }

    @Override
    public int maxPayloadLength()
    {
        return FrameDescriptor.MAX_FRAME_LENGTH - FrameDescriptor.HEADER_LENGTH;
    }

    /** Runs {@code action} once the connection closes, from either side; at once if it has. */
    @Override
    public void onClose(final Runnable action)
    {
        synchronized (this)
        {
            if (!closed)
            {
                closeActions.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * No more writes: frees the batch and runs the close actions, once. From the event loop when the channel closes
     * or the peer hangs up, and from {@link #close()}.
     */
    void markClosed()
    {
        final List<Runnable> actions;
        synchronized (this)
        {
            if (batch != null)
            {
                batch.release();
                batch = null;
            }
            if (closed)
            {
                return;
            }
            closed = true;
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        actions.forEach(Runnable::run);
    }

    /**
     * Writes what is batched and waits, up to {@link #CLOSE_DRAIN_MS}, for the socket to take it all (a closing
     * channel would discard queued writes), then closes; a connecting end also stops its event loop. Idempotent.
     * Called back on the connection's own event loop (a handler closing its client), it waits for nothing, as the
     * loop cannot wait on itself: the channel and the loop close once the handler returns.
     */
    @Override
    public void close()
    {
        if (!released.compareAndSet(false, true))
        {
            return;
        }
        synchronized (this)
        {
            if (!closed)
            {
                try
                {
                    flush();
                }
                catch (final LaneClosedException ex)
                {
                    // the peer is gone: nothing left to deliver to
                }
            }
        }
        final boolean onOwnLoop = channel.eventLoop().inEventLoop();
        if (serving && channel.isActive() && !onOwnLoop)
        {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).awaitUninterruptibly(CLOSE_DRAIN_MS);
        }
        markClosed();
        if (onOwnLoop)
        {
            channel.close();
            if (ownedGroup != null)
            {
                ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            return;
        }
        channel.close().syncUninterruptibly();
        if (ownedGroup != null)
        {
            ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
