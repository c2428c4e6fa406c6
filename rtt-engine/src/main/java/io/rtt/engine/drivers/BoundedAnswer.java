package io.rtt.engine.drivers;

import java.io.IOException;
import java.io.OutputStream;

import org.agrona.ExpandableArrayBuffer;

/**
 * A driver's answer, written into the response buffer from index 0 and refused past the limit. A JSON generator
 * buffers a few kilobytes before writing here, so memory stays within the limit plus that buffer.
 * <p>
 * One thread writes it, request after request ({@link #wrap}). Every driver that writes its answers as JSON uses
 * one, so that none builds an answer past {@link DriverLimits#maxAnswerBytes()}.
 */
public final class BoundedAnswer extends OutputStream
{
    private final int limit;
    private ExpandableArrayBuffer out;
    private int length;
    private boolean overflowed;

    /**
     * An answer refused past a limit.
     *
     * @param limit the most bytes an answer may take.
     */
    public BoundedAnswer(final int limit)
    {
        this.limit = limit;
    }

    /**
     * Starts an answer in {@code out}, from index 0.
     *
     * @param out the response buffer.
     */
    public void wrap(final ExpandableArrayBuffer out)
    {
        this.out = out;
        this.length = 0;
        this.overflowed = false;
    }

    /**
     * The answer's length so far.
     *
     * @return bytes written since {@link #wrap}.
     */
    public int length()
    {
        return length;
    }

    /**
     * Whether a write was refused for going past the limit.
     *
     * @return true once the answer hit its limit.
     */
    public boolean overflowed()
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
