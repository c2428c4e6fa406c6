package io.rtt.engine.fabric;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
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
 */
final class UdsFrameDecoder extends ChannelInboundHandlerAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(UdsFrameDecoder.class);

    private final FrameHandler handler;
    private final ErrorHandler errorHandler;
    private final UdsConnection replyTo;
    private final boolean flushAfterReads;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FrameFlyweight frame = new FrameFlyweight();
    /** The start of a frame the last read ended inside, or null. */
    private ByteBuf carry;

    /**
     * @param handler         receives the frames.
     * @param errorHandler    told of a malformed frame or a failing handler, before the connection closes.
     * @param replyTo         the connection they came in on.
     * @param flushAfterReads whether to send what the handler answered at the end of each batch of reads: on a
     *                        serving end; a connecting end's sender flushes for itself.
     */
    UdsFrameDecoder(final FrameHandler handler, final ErrorHandler errorHandler, final UdsConnection replyTo,
        final boolean flushAfterReads)
    {
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.replyTo = replyTo;
        this.flushAfterReads = flushAfterReads;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf in = (ByteBuf)msg;
        try
        {
            if (carry != null && !completeCarry(ctx, in))
            {
                return;
            }
            final int consumed = deliver(in, in.readerIndex(), in.readableBytes());
            in.skipBytes(consumed);
            if (in.isReadable())
            {
                carry = ctx.alloc().directBuffer(Math.max(in.readableBytes(), FrameDescriptor.HEADER_LENGTH));
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
        }
        final int length = FrameDescriptor.checkLength(carry.getIntLE(carry.readerIndex()));
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
            deliver(whole, whole.readerIndex(), length);
        }
        finally
        {
            whole.release();
        }
        return true;
    }

    /** Delivers the whole frames in {@code buf} from {@code start}; returns the bytes they took. */
    private int deliver(final ByteBuf buf, final int start, final int readable)
    {
        if (readable < FrameDescriptor.HEADER_LENGTH)
        {
            return 0;
        }
        if (buf.hasMemoryAddress())
        {
            view.wrap(buf.memoryAddress() + start, readable);
        }
        else
        {
            final ByteBuffer nio = buf.nioBuffer(start, readable);
            view.wrap(nio, nio.position(), nio.remaining());
        }
        int position = 0;
        while (readable - position >= FrameDescriptor.HEADER_LENGTH)
        {
            frame.wrap(view, position);
            final int length = FrameDescriptor.checkLength(frame.frameLength());
            if (length > readable - position)
            {
                break;
            }
            frame.validate(readable - position);
            handler.onFrame(view, position, length, replyTo);
            position += length;
        }
        return position;
    }

    /** The end of a batch of reads: answers written meanwhile go out together. */
    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        if (!flushAfterReads)
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

    /** The peer hung up (a connecting end allows half-closure): close, under the connection's lock. */
    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof ChannelInputShutdownEvent)
        {
            replyTo.markClosed();
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        if (carry != null)
        {
            carry.release();
            carry = null;
        }
        ctx.fireChannelInactive();
    }

    /** A malformed frame (or a failing handler) ends this connection, never the lane. */
    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        errorHandler.onError(cause);
        LOG.debug("closing uds connection {} after: {}", ctx.channel().remoteAddress(), cause.getMessage());
        replyTo.markClosed();
        ctx.close();
    }
}
