package io.rtt.engine.fabric;

import java.nio.ByteBuffer;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a socket's byte stream into frames by their length word and hands each to a {@link FrameHandler} in place,
 * straight from the read buffer: every complete frame of a read is delivered in one pass, with no slice or copy per
 * frame. A partial frame waits in the cumulation for the next read. A frame that fails validation is corruption or
 * abuse: the connection is closed, and only that connection.
 */
final class UdsFrameDecoder extends ByteToMessageDecoder
{
    private static final Logger LOG = LoggerFactory.getLogger(UdsFrameDecoder.class);

    private final FrameHandler handler;
    private final FrameSender replyTo;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FrameFlyweight frame = new FrameFlyweight();

    UdsFrameDecoder(final FrameHandler handler, final FrameSender replyTo)
    {
        this.handler = handler;
        this.replyTo = replyTo;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        final int start = in.readerIndex();
        final int readable = in.readableBytes();
        if (readable < FrameDescriptor.HEADER_LENGTH)
        {
            return;
        }
        if (in.hasMemoryAddress())
        {
            view.wrap(in.memoryAddress() + start, readable);
        }
        else
        {
            final ByteBuffer nio = in.nioBuffer(start, readable);
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
        in.readerIndex(start + position);
        replyTo.flush();
    }

    /** A malformed frame (or a failing handler) ends this connection, never the lane. */
    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        LOG.warn("closing uds connection {}: {}", ctx.channel().remoteAddress(),
            cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage());
        ctx.close();
    }
}
