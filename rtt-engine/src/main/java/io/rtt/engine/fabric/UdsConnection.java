package io.rtt.engine.fabric;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One connection of a uds lane, either end. Frames are written into a pooled direct buffer, many to a batch; a batch
 * goes to the socket in one write when it fills or on {@link #flush()}, and the event loop reads many frames per
 * read (see {@link UdsFrameDecoder}).
 * <p>
 * On a connecting (client) end, {@link #send} returns false, writing nothing, while the socket's outbound queue is
 * above its high-water mark: the peer is not reading, and the route's backpressure policy decides what happens next.
 * An accepted (serving) end always takes its frames: it answers only what it admitted, and its admission queue is
 * what bounds them; refusing would leave its event loop and its driver waiting on each other.
 * <p>
 * Thread-safe: a serving end is written by its driver and, for refusals, by its event loop.
 */
public final class UdsConnection implements FrameSender, AutoCloseable
{
    /** Bytes a batch holds before it is written without waiting for {@link #flush()}. */
    static final int BATCH_BYTES = 64 * 1024;
    /** Outbound bytes queued past which the connection reports itself full. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    /** How long {@link #close()} waits for queued frames to reach the socket. */
    static final long CLOSE_DRAIN_MS = 5_000;

    private final Channel channel;
    private final EventLoopGroup ownedGroup;
    private final boolean bounded;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FrameFlyweight frame = new FrameFlyweight();
    private ByteBuf batch;

    private UdsConnection(final Channel channel, final EventLoopGroup ownedGroup, final boolean bounded)
    {
        this.channel = channel;
        this.ownedGroup = ownedGroup;
        this.bounded = bounded;
    }

    /** The accepted end: frames arrive on the lane's event loop. */
    static UdsConnection accepted(final Channel channel, final FrameHandler handler)
    {
        final UdsConnection connection = new UdsConnection(channel, null, false);
        channel.pipeline().addLast(new UdsFrameDecoder(handler, connection));
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
            new DefaultThreadFactory("rtt-uds-client", true), EpollIoHandler.newFactory());
        try
        {
            // not reading until the decoder is in place, so no frame can arrive ahead of it
            final Channel channel = new Bootstrap().group(group).channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(new DomainSocketAddress(socket.toFile())).syncUninterruptibly().channel();
            final UdsConnection connection = new UdsConnection(channel, group, true);
            channel.pipeline().addLast(new UdsFrameDecoder(handler, connection));
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
    public synchronized boolean send(final byte kind, final int routeId, final long correlationId, final long deadlineNs,
        final DirectBuffer payload, final int offset, final int length)
    {
        final int frameLength = FrameDescriptor.checkLength(FrameDescriptor.HEADER_LENGTH + length);
        if (!channel.isActive())
        {
            throw new LaneClosedException("uds lane connection closed: " + channel.remoteAddress());
        }
        if (batch != null && batch.writableBytes() < frameLength)
        {
            flush();
        }
        if (batch == null)
        {
            if (bounded && !channel.isWritable())
            {
                return false;
            }
            batch = channel.alloc().directBuffer(Math.max(BATCH_BYTES, frameLength));
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
        final int at = batch.writerIndex();
        frame.wrap(view, at).header(kind, routeId, correlationId, deadlineNs, length);
        view.putBytes(at + FrameDescriptor.HEADER_LENGTH, payload, offset, length);
        batch.writerIndex(at + frameLength);
        return true;
    }

    @Override
    public synchronized void flush()
    {
        final ByteBuf pending = batch;
        if (pending != null)
        {
            batch = null;
            channel.writeAndFlush(pending, channel.voidPromise());
        }
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

    /** Whether the socket accepts more: false while the peer lags by more than the high-water mark. */
    public boolean isWritable()
    {
        return channel.isWritable();
    }

    /**
     * Writes what is batched and waits, up to {@link #CLOSE_DRAIN_MS}, for the socket to take it all (a closing
     * channel would discard queued writes), then closes; a client connection also stops its event loop.
     */
    @Override
    public void close()
    {
        final ByteBuf pending = batch != null ? batch : Unpooled.EMPTY_BUFFER;
        batch = null;
        if (channel.isActive())
        {
            channel.writeAndFlush(pending).awaitUninterruptibly(CLOSE_DRAIN_MS);
        }
        else
        {
            pending.release();
        }
        channel.close().syncUninterruptibly();
        if (ownedGroup != null)
        {
            ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
