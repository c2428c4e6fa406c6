package io.rtt.engine.fabric;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One connection of a uds lane, either end. Frames are written into a direct buffer, many to a batch; a batch goes
 * to the socket in one write when it fills or on {@link #flush()}, and the event loop reads many frames per read
 * (see {@link UdsFrameDecoder}).
 * <p>
 * Batches are written to the socket by the sending thread itself, as a raw socket would: no hand-off to the event
 * loop, which reads. On a connecting (client) end {@link #send} returns false, writing nothing, while the socket's
 * buffer is full and the batch cannot take the frame: the peer is not reading, and the route's backpressure policy
 * decides what happens next. An accepted (serving) end always takes its frames, queueing on its event loop what a
 * full socket will not take: it answers only what it admitted, and its admission queue is what bounds them;
 * refusing would leave its event loop and its driver waiting on each other.
 * <p>
 * Not thread-safe, like every {@link FrameSender}: a serving end is written by its driver and, for refusals and
 * the flush at the end of a read, by its event loop, so all of them lock the connection first.
 */
public final class UdsConnection implements FrameSender, AutoCloseable
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

    private final Channel channel;
    private final EventLoopGroup ownedGroup;
    /** Whether this is the accepted end, which never refuses a frame. */
    private final boolean serving;
    /** Batches handed to the event loop because the socket was full, and not yet written. */
    private final AtomicInteger queuedWrites = new AtomicInteger();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FrameFlyweight frame = new FrameFlyweight();
    private ByteBuf batch;

    private UdsConnection(final Channel channel, final EventLoopGroup ownedGroup, final boolean serving)
    {
        this.channel = channel;
        this.ownedGroup = ownedGroup;
        this.serving = serving;
        this.batch = channel.alloc().directBuffer(BATCH_BYTES);
        wrapView();
    }

    /** The accepted end: frames arrive on the lane's event loop. */
    static UdsConnection accepted(final Channel channel, final FrameHandler handler)
    {
        final UdsConnection connection = new UdsConnection(channel, null, true);
        channel.pipeline().addLast(new UdsFrameDecoder(handler, connection, true));
        return connection;
    }

    /**
     * Connects to the uds lane at {@code socket}; frames from the server reach {@code handler} on this connection's
     * own event-loop thread.
     *
     * @throws LaneClosedException when nothing serves that path.
     */
    public static UdsConnection connect(final Path socket, final FrameHandler handler)
    {
        Doorbell.checkPathLength(socket);
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("rtt-uds-client", true), HybridSelectStrategy.ioHandlerFactory());
        try
        {
            // not reading until the decoder is in place, so no frame can arrive ahead of it
            final Channel channel = new Bootstrap().group(group).channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, READ_SIZES)
                .option(EpollChannelOption.EPOLL_MODE, EPOLL_MODE)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(new DomainSocketAddress(socket.toFile())).syncUninterruptibly().channel();
            final UdsConnection connection = new UdsConnection(channel, group, false);
            channel.pipeline().addLast(new UdsFrameDecoder(handler, connection, false));
            channel.config().setAutoRead(true);
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
        final int frameLength = FrameDescriptor.checkLength(FrameDescriptor.HEADER_LENGTH + length);
        if (!channel.isActive())
        {
            throw new LaneClosedException("uds lane connection closed: " + channel.remoteAddress());
        }
        if (batch.writableBytes() < frameLength && !makeRoom(frameLength))
        {
            return false;
        }
        final int at = batch.writerIndex();
        frame.wrap(view, at).header(kind, routeId, correlationId, deadlineNs, length);
        view.putBytes(at + FrameDescriptor.HEADER_LENGTH, payload, offset, length);
        batch.writerIndex(at + frameLength);
        return true;
    }

    /** Writes out what the socket takes to free the batch for a frame; false when a connecting end stays full. */
    private boolean makeRoom(final int frameLength)
    {
        if (serving)
        {
            flush();
        }
        else
        {
            writeSome();
            if (batch.isReadable())
            {
                batch.discardReadBytes();
                wrapView();
                return batch.writableBytes() >= frameLength;
            }
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

    /** Writes as much of the batch as the socket takes now, without waiting. */
    private void writeSome()
    {
        final FileDescriptor fd = ((EpollDomainSocketChannel)channel).fd();
        try
        {
            while (batch.isReadable())
            {
                final int written = batch.hasMemoryAddress() ?
                    fd.writeAddress(batch.memoryAddress(), batch.readerIndex(), batch.writerIndex()) :
                    fd.write(batch.internalNioBuffer(0, batch.capacity()), batch.readerIndex(), batch.writerIndex());
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
     * Sends what is batched, written to the socket from this thread. When the socket is full, a connecting end waits
     * for its peer to read; a serving end never waits: it queues the rest on its event loop, and sends through that
     * queue, to keep the order, until the queue is empty again.
     */
    @Override
    public void flush()
    {
        if (!batch.isReadable())
        {
            return;
        }
        if (serving)
        {
            if (queuedWrites.get() == 0)
            {
                writeSome();
            }
            if (batch.isReadable())
            {
                final ByteBuf rest = channel.alloc().directBuffer(batch.readableBytes()).writeBytes(batch);
                queuedWrites.incrementAndGet();
                channel.writeAndFlush(rest).addListener(f -> queuedWrites.decrementAndGet());
            }
            batch.clear();
            return;
        }
        writeSome();
        while (batch.isReadable())
        {
            if (!channel.isActive())
            {
                throw new LaneClosedException("uds lane connection closed: " + channel.remoteAddress());
            }
            Thread.yield();
            writeSome();
        }
        batch.clear();
    }

    /** Runs {@code action} once the connection closes, from either side. */
    public void onClose(final Runnable action)
    {
        channel.closeFuture().addListener(f -> action.run());
    }

    /** Whether the connection is still open. */
    public boolean isOpen()
    {
        return channel.isActive();
    }

    /**
     * Writes what is batched and waits, up to {@link #CLOSE_DRAIN_MS}, for the socket to take it all (a closing
     * channel would discard queued writes), then closes; a connecting end also stops its event loop.
     */
    @Override
    public void close()
    {
        try
        {
            if (channel.isActive())
            {
                flush();
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).awaitUninterruptibly(CLOSE_DRAIN_MS);
            }
        }
        catch (final LaneClosedException ex)
        {
            // the peer is gone: nothing left to deliver to
        }
        finally
        {
            batch.release();
        }
        channel.close().syncUninterruptibly();
        if (ownedGroup != null)
        {
            ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
