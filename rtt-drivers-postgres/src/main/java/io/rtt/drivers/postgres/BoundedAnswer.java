package io.rtt.drivers.postgres;

import java.io.IOException;
import java.io.OutputStream;

import org.agrona.ExpandableArrayBuffer;

/**
 * The answer's bytes, written into the response buffer from index 0 and refused past the limit. The JSON generator
 * buffers a few kilobytes before writing here, so memory stays within the limit plus that buffer.
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
        this.out = new ExpandableArrayBuffer(0);
    }

    void wrap(final ExpandableArrayBuffer buffer)
    {
        this.out = buffer;
        this.length = 0;
        this.overflowed = false;
    }

    int length()
    {
        return length;
    }

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
