package io.rtt.engine.drivers.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.agrona.ExpandableArrayBuffer;

/**
 * A driver's answer, written into the response buffer from index 0 and refused past the limit. A JSON generator
 * buffers a few kilobytes before writing here, so memory stays within the limit plus that buffer.
 * <p>
 * One thread writes it, request after request ({@link #wrap}).
 */
final class BoundedAnswer extends OutputStream
{
    private final int limit;
    private ExpandableArrayBuffer out;
    private int length;
    private boolean overflowed;

    BoundedAnswer(final int limit)
    {
        this.limit = limit;
    }

    /** Starts an answer in {@code out}, from index 0. */
    void wrap(final ExpandableArrayBuffer out)
    {
        this.out = out;
        this.length = 0;
        this.overflowed = false;
    }

    /** The answer's length so far. */
    int length()
    {
        return length;
    }

    /** Whether a write was refused for going past the limit. */
    boolean overflowed()
    {
        return overflowed;
    }

    @Override
    public void write(final int b) throws IOException
    {
        reserve(1);
        out.putByte(length++, (byte)b);
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int count) throws IOException
    {
        reserve(count);
        out.putBytes(length, bytes, offset, count);
        length += count;
    }

    private void reserve(final int count) throws IOException
    {
        if (count > limit - length)
        {
            overflowed = true;
            throw new IOException("answer over " + limit + " bytes");
        }
    }
}
