package io.rtt.engine.fabric;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reads and writes one frame in place in a buffer (a ring's claimed slot, a socket's pooled buffer): no copy, no
 * allocation per frame. Wrap it once, then {@link #wrap} each frame.
 * <p>
 * Not thread-safe: one per thread.
 */
public final class FrameFlyweight
{
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Points the flyweight at a frame.
     *
     * @param buffer the buffer holding the frame.
     * @param offset where the frame starts.
     * @return this.
     */
    public FrameFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Writes a header for a payload of a given length; the payload is written after it at {@link #payloadOffset()}.
     *
     * @param kind          one of {@code FrameDescriptor.KIND_*}.
     * @param routeId       the route.
     * @param correlationId the request/response pairing.
     * @param deadlineNs    epoch deadline in nanoseconds, 0 for none.
     * @param payloadLength the payload's length.
     * @return this.
     */
    public FrameFlyweight header(final byte kind, final int routeId, final long correlationId, final long deadlineNs,
        final int payloadLength)
    {
        final MutableDirectBuffer b = buffer;
        final int o = offset;
        b.putInt(o + FrameDescriptor.LENGTH_OFFSET,
            FrameDescriptor.checkLength(FrameDescriptor.HEADER_LENGTH + payloadLength), FrameDescriptor.BYTE_ORDER);
        b.putByte(o + FrameDescriptor.VERSION_OFFSET, FrameDescriptor.VERSION);
        b.putByte(o + FrameDescriptor.KIND_OFFSET, FrameDescriptor.checkKind(kind));
        b.putShort(o + FrameDescriptor.FLAGS_OFFSET, (short)0, FrameDescriptor.BYTE_ORDER);
        b.putInt(o + FrameDescriptor.ROUTE_ID_OFFSET, routeId, FrameDescriptor.BYTE_ORDER);
        b.putInt(o + FrameDescriptor.RESERVED_OFFSET, 0, FrameDescriptor.BYTE_ORDER);
        b.putLong(o + FrameDescriptor.CORRELATION_ID_OFFSET, correlationId, FrameDescriptor.BYTE_ORDER);
        b.putLong(o + FrameDescriptor.DEADLINE_OFFSET, deadlineNs, FrameDescriptor.BYTE_ORDER);
        return this;
    }

    /**
     * Frame length.
     *
     * @return header plus payload, in bytes.
     */
    public int frameLength()
    {
        return buffer.getInt(offset + FrameDescriptor.LENGTH_OFFSET, FrameDescriptor.BYTE_ORDER);
    }

    /**
     * Layout version.
     *
     * @return the version byte.
     */
    public byte version()
    {
        return buffer.getByte(offset + FrameDescriptor.VERSION_OFFSET);
    }

    /**
     * Frame kind.
     *
     * @return one of {@code FrameDescriptor.KIND_*}.
     */
    public byte kind()
    {
        return buffer.getByte(offset + FrameDescriptor.KIND_OFFSET);
    }

    /**
     * Route id.
     *
     * @return the route.
     */
    public int routeId()
    {
        return buffer.getInt(offset + FrameDescriptor.ROUTE_ID_OFFSET, FrameDescriptor.BYTE_ORDER);
    }

    /**
     * Correlation id.
     *
     * @return the id pairing a request with its response.
     */
    public long correlationId()
    {
        return buffer.getLong(offset + FrameDescriptor.CORRELATION_ID_OFFSET, FrameDescriptor.BYTE_ORDER);
    }

    /**
     * Deadline.
     *
     * @return epoch nanoseconds, 0 for none.
     */
    public long deadlineNs()
    {
        return buffer.getLong(offset + FrameDescriptor.DEADLINE_OFFSET, FrameDescriptor.BYTE_ORDER);
    }

    /**
     * Where the payload starts.
     *
     * @return the payload's offset in the buffer.
     */
    public int payloadOffset()
    {
        return offset + FrameDescriptor.HEADER_LENGTH;
    }

    /**
     * Payload length.
     *
     * @return bytes after the header.
     */
    public int payloadLength()
    {
        return frameLength() - FrameDescriptor.HEADER_LENGTH;
    }

    /**
     * The buffer the frame lives in.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Checks a received frame before anything reads it as valid.
     *
     * @param available bytes available from the frame's start.
     * @return the frame length.
     * @throws IllegalArgumentException for a bad version, kind or length, or a frame longer than what is available.
     */
    public int validate(final int available)
    {
        if (version() != FrameDescriptor.VERSION)
        {
            throw new IllegalArgumentException("unsupported frame version: " + version());
        }
        FrameDescriptor.checkKind(kind());
        final int length = FrameDescriptor.checkLength(frameLength());
        if (length > available)
        {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds the " + available + " available");
        }
        return length;
    }
}
