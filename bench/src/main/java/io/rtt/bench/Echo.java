package io.rtt.bench;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What every echo child does with a message, whatever carries it: a ping is answered with its sequence number, a
 * streamed message is counted, the end marker is answered with the count (which then starts again).
 */
final class Echo
{
    /** The 16-byte answer: the kind answered, then the sequence number or the count. */
    final UnsafeBuffer reply = new UnsafeBuffer(new byte[16]);
    private long count;

    /**
     * Takes one message.
     *
     * @param buffer  holds it.
     * @param payload where it starts.
     * @return whether {@link #reply} now holds an answer to send.
     */
    boolean take(final DirectBuffer buffer, final int payload)
    {
        final long kind = buffer.getLong(payload);
        if (kind == BenchPeer.DATA)
        {
            count++;
            return false;
        }
        reply.putLong(0, kind);
        reply.putLong(8, kind == BenchPeer.PING ? buffer.getLong(payload + 8) : count);
        count = kind == BenchPeer.END ? 0 : count;
        return true;
    }
}
