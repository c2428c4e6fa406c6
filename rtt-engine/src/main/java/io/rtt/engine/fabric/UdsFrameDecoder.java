package io.rtt.engine.fabric;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a socket's byte stream into frames by their length word and hands each to a {@link FrameHandler} in place,
 * straight from the read buffer: every complete frame of a read is delivered in one pass, with no slice or copy per
 * frame. Only a frame split across reads is copied, into a carry buffer, and only its own bytes: a read is never
 * merged wholesale into an accumulation buffer. A frame that fails validation is corruption or abuse: the connection
 * is closed, and only that connection.
 * <p>
 * On a serving end, what one connection can make the lane hold is bounded (issue 11):
 * <ul>
 * <li>bytes: a frame's header is checked before any of its payload is kept, so the carry buffer never holds more
 * than the route's longest frame ({@link LaneSpec#maxFrameLength()}); a header claiming more is answered with an
 * error frame, and the connection closed;</li>
 * <li>answers: while the answers a client leaves unread are over the high water mark, nothing more is read from it;
 * a client still over the mark after {@link LaneLimits#slowReaderTimeoutMs()} is dropped, with what it left;</li>
 * <li>time: an {@link IdleStateHandler} ahead of this decoder ticks every {@link LaneLimits#frameTimeoutMs()} without
 * reads; a tick that finds half a frame closes the connection, as does silence (heartbeats break it) for
 * {@link LaneLimits#idleTimeoutMs()}.</li>
 * </ul>
 * Each is told to the error handler as a {@link LaneFaultException}. Heartbeats are the lane's own: a serving end
 * takes them as a sign of life and hands them to no one.
 * <p>
 * Not thread-safe: runs on its connection's event loop.
 */
final class UdsFrameDecoder extends ChannelInboundHandlerAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(UdsFrameDecoder.class);
    /** What {@link #checkedLength()} returns for a frame over the longest this end takes. */
    private static final int OVERSIZED = -1;

    private final FrameHandler handler;
    private final ErrorHandler errorHandler;
    private final UdsConnection replyTo;
    /** Whether this is a serving end: it flushes answers after reads and enforces its spec's bounds. */
    private final boolean serving;
    private final String route;
    private final int maxFrameLength;
    private final LaneLimits limits;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FrameFlyweight frame = new FrameFlyweight();
    /** The start of a frame the last read ended inside, or null. */
    private ByteBuf carry;
    /** Reader-idle ticks in a row with nothing read. */
    private int quietTicks;
    /** Set once a frame was refused: what follows it is not read. */
    private boolean refused;
    /** Drops a client that stays over the high water mark; null while it is under. */
    private ScheduledFuture<?> slowReaderCheck;

    private UdsFrameDecoder(final FrameHandler handler, final ErrorHandler errorHandler, final UdsConnection replyTo,
        final boolean serving, final String route, final int maxFrameLength, final LaneLimits limits)
    {
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.replyTo = replyTo;
        this.serving = serving;
        this.route = route;
        this.maxFrameLength = maxFrameLength;
        this.limits = limits;
    }

    /**
     * The decoder of a serving end, bounded by its lane's spec.
     *
     * @param spec         the lane's route, message size and limits.
     * @param handler      receives the frames.
     * @param errorHandler told of a malformed frame, a failing handler or a fault, before the connection closes.
     * @param replyTo      the connection they came in on; answers written meanwhile are flushed after each batch of
     *                     reads.
     * @return the decoder.
     */
    static UdsFrameDecoder serving(final LaneSpec spec, final FrameHandler handler, final ErrorHandler errorHandler,
        final UdsConnection replyTo)
    {
        return new UdsFrameDecoder(handler, errorHandler, replyTo, true, spec.route(), spec.maxFrameLength(),
            spec.limits());
    }

    /**
     * The decoder of a connecting end: it trusts its server for sizes and time, and its sender flushes for itself.
     *
     * @param handler      receives the frames.
     * @param errorHandler told of a malformed frame or a failing handler, before the connection closes.
     * @param replyTo      the connection.
     * @return the decoder.
     */
    static UdsFrameDecoder connecting(final FrameHandler handler, final ErrorHandler errorHandler,
        final UdsConnection replyTo)
    {
        return new UdsFrameDecoder(handler, errorHandler, replyTo, false, "", FrameDescriptor.MAX_FRAME_LENGTH,
            LaneLimits.DEFAULT);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf in = (ByteBuf)msg;
        try
        {
            quietTicks = 0;
            if (refused || carry != null && !completeCarry(ctx, in))
            {
                return;
            }
            final int consumed = deliver(ctx, in, in.readerIndex(), in.readableBytes());
            if (consumed < 0)
            {
                return;
            }
            in.skipBytes(consumed);
            if (in.isReadable())
            {
                // the header, when it is here, was checked: the carry holds at most the route's longest frame
                final int readable = in.readableBytes();
                carry = ctx.alloc().directBuffer(readable < FrameDescriptor.HEADER_LENGTH ?
                    FrameDescriptor.HEADER_LENGTH : in.getIntLE(in.readerIndex()));
                carry.writeBytes(in);
            }
        }
        finally
        {
            in.release();
        }
    }

    /** Moves bytes of {@code in} into the carried frame; delivers it once whole. False while still partial. */
    private boolean completeCarry(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        if (carry.readableBytes() < FrameDescriptor.HEADER_LENGTH)
        {
            carry.writeBytes(in, Math.min(in.readableBytes(), FrameDescriptor.HEADER_LENGTH - carry.readableBytes()));
            if (carry.readableBytes() < FrameDescriptor.HEADER_LENGTH)
            {
                return false;
            }
            wrapView(carry, carry.readerIndex(), FrameDescriptor.HEADER_LENGTH);
            frame.wrap(view, 0);
            if (checkedLength() == OVERSIZED)
            {
                refuse(ctx);
                return false;
            }
        }
        final int length = carry.getIntLE(carry.readerIndex());
        final int missing = length - carry.readableBytes();
        if (missing > 0)
        {
            carry.ensureWritable(missing);
            carry.writeBytes(in, Math.min(in.readableBytes(), missing));
            if (carry.readableBytes() < length)
            {
                return false;
            }
        }
        final ByteBuf whole = carry;
        carry = null;
        try
        {
            deliver(ctx, whole, whole.readerIndex(), length);
        }
        finally
        {
            whole.release();
        }
        return !refused;
    }

    /**
     * Delivers the whole frames in {@code buf} from {@code start}; returns the bytes they took, or -1 when a frame was
     * refused and the connection is closing.
     */
    private int deliver(final ChannelHandlerContext ctx, final ByteBuf buf, final int start, final int readable)
    {
        if (readable < FrameDescriptor.HEADER_LENGTH)
        {
            return 0;
        }
        wrapView(buf, start, readable);
        int position = 0;
        while (readable - position >= FrameDescriptor.HEADER_LENGTH)
        {
            frame.wrap(view, position);
            final int length = checkedLength();
            if (length == OVERSIZED)
            {
                refuse(ctx);
                return -1;
            }
            if (length > readable - position)
            {
                break;
            }
            if (!serving || frame.kind() != FrameDescriptor.KIND_HEARTBEAT)
            {
                handler.onFrame(view, position, length, replyTo);
            }
            position += length;
        }
        return position;
    }

    private void wrapView(final ByteBuf buf, final int start, final int length)
    {
        if (buf.hasMemoryAddress())
        {
            view.wrap(buf.memoryAddress() + start, length);
        }
        else
        {
            final ByteBuffer nio = buf.nioBuffer(start, length);
            view.wrap(nio, nio.position(), nio.remaining());
        }
    }

    /**
     * Checks the header under the flyweight, before any of the frame's payload is kept.
     *
     * @return the frame's length, or {@link #OVERSIZED} when a serving end takes no frame that long.
     * @throws IllegalArgumentException for a bad version or kind, or a length no frame has.
     */
    private int checkedLength()
    {
        if (frame.version() != FrameDescriptor.VERSION)
        {
            throw new IllegalArgumentException("unsupported frame version: " + frame.version());
        }
        FrameDescriptor.checkKind(frame.kind());
        final int length = frame.frameLength();
        if (serving && (length > maxFrameLength || length < 0))
        {
            return OVERSIZED;
        }
        return FrameDescriptor.checkLength(length);
    }

    /** Answers the frame under the flyweight with an error frame and closes the connection, reading nothing more. */
    private void refuse(final ChannelHandlerContext ctx)
    {
        // worded as the route's own refusal of a message it read whole, with what differs: nothing more is read
        final String message = "message of " + (Integer.toUnsignedLong(frame.frameLength()) -
            FrameDescriptor.HEADER_LENGTH) + " bytes is over route " + route + "'s " +
            (maxFrameLength - FrameDescriptor.HEADER_LENGTH) + "-byte limit; connection closed";
        refused = true;
        errorHandler.onError(new LaneFaultException(LaneFault.OVERSIZED_FRAME, message));
        // on the event loop the frame reaches the socket now, if it has room; a client too full to take it is not
        // waited for
        ctx.writeAndFlush(UdsConnection.errorFrame(frame.routeId(), frame.correlationId(), frame.deadlineNs(),
            message));
        replyTo.markClosed();
        releaseCarry();
        ctx.close();
    }

    /** The end of a batch of reads: answers written meanwhile go out together. */
    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        if (!serving)
        {
            return;
        }
        synchronized (replyTo)
        {
            try
            {
                replyTo.flush();
            }
            catch (final LaneClosedException ex)
            {
                LOG.debug("answers to a closed connection dropped: {}", ex.getMessage());
            }
        }
    }

    /**
     * Backpressure on a serving end: no more is read from a client while its unread answers are over the high water
     * mark, and a client that stays there past the slow-reader timeout is dropped.
     */
    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (serving)
        {
            final boolean writable = ctx.channel().isWritable();
            ctx.channel().config().setAutoRead(writable);
            if (writable && slowReaderCheck != null)
            {
                slowReaderCheck.cancel(false);
                slowReaderCheck = null;
            }
            else if (!writable && slowReaderCheck == null)
            {
                slowReaderCheck = ctx.executor().schedule(() -> dropIfStillBehind(ctx), limits.slowReaderTimeoutMs(),
                    TimeUnit.MILLISECONDS);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void dropIfStillBehind(final ChannelHandlerContext ctx)
    {
        slowReaderCheck = null;
        if (ctx.channel().isActive() && !ctx.channel().isWritable())
        {
            close(ctx, LaneFault.SLOW_READER, "left " +
                ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes() + " bytes of answers unread for " +
                limits.slowReaderTimeoutMs() + " ms");
        }
    }

    /**
     * A reader-idle tick (serving end), or the peer hung up (a connecting end allows half-closure): close, under the
     * connection's lock.
     */
    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE)
        {
            onQuietTick(ctx);
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent)
        {
            replyTo.markClosed();
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** A frame timeout passed with nothing read: a frame left half-sent, or silence long enough, ends the client. */
    private void onQuietTick(final ChannelHandlerContext ctx)
    {
        if (!ctx.channel().config().isAutoRead() || refused)
        {
            return; // not reading by choice: the slow-reader timeout governs
        }
        quietTicks++;
        final long quietMs = quietTicks * limits.frameTimeoutMs();
        if (carry != null)
        {
            close(ctx, LaneFault.HALF_SENT_FRAME, "sent " + carry.readableBytes() + " bytes of a frame and nothing " +
                "more for " + quietMs + " ms");
        }
        else if (quietMs >= limits.idleTimeoutMs())
        {
            close(ctx, LaneFault.IDLE_CONNECTION, "sent nothing for " + quietMs + " ms");
        }
    }

    private void close(final ChannelHandlerContext ctx, final LaneFault fault, final String what)
    {
        errorHandler.onError(new LaneFaultException(fault, "uds connection to route " + route + " " + what +
            "; closed"));
        replyTo.markClosed();
        ctx.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        releaseCarry();
        if (slowReaderCheck != null)
        {
            slowReaderCheck.cancel(false);
            slowReaderCheck = null;
        }
        ctx.fireChannelInactive();
    }

    private void releaseCarry()
    {
        if (carry != null)
        {
            carry.release();
            carry = null;
        }
    }

    /** A malformed frame (or a failing handler) ends this connection, never the lane. */
    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        errorHandler.onError(cause);
        LOG.debug("closing uds connection {} after: {}", ctx.channel().remoteAddress(), cause.getMessage());
        replyTo.markClosed();
        releaseCarry();
        ctx.close();
    }
}
