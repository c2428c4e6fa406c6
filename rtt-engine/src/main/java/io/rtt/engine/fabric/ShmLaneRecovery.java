package io.rtt.engine.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Mends a ring whose producer died between claim and commit, leaving a record the consumer would wait on forever.
 * Each end holds a lock on its identity byte for its lifetime (see {@link ShmLaneFile}); the consumer, finding its
 * producer's lock free, turns the unfinished record into padding, and so does a restarted producer before its first
 * claim, so the lane is usable again whichever comes first.
 * <p>
 * Not thread-safe: used by its end's one thread.
 */
final class ShmLaneRecovery
{
    private final ShmLaneFile file;
    private long recoveredClaims;

    ShmLaneRecovery(final ShmLaneFile file)
    {
        this.file = file;
    }

    /**
     * Recovers the inbound ring if its producer died. Holding the dead peer's lock while recovering keeps a new peer
     * from attaching, and so from claiming, until the ring is whole again.
     *
     * @return true when something was mended.
     */
    boolean recoverIfPeerDied(final OneToOneRingBuffer inbound)
    {
        final FileLock peerLock = file.tryLockPeer();
        if (peerLock == null)
        {
            return false;
        }
        try (peerLock)
        {
            return mend(inbound);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot release the peer lock of lane " + file.path(), ex);
        }
    }

    /**
     * Mends what a producer left when it died between claim and commit. With one producer, which is gone, the
     * unfinished record is the last one and runs to the tail; the records before it are whole and are walked from the
     * consumer's head. The unfinished record becomes padding, and the header at the tail is zeroed first, because
     * Agrona publishes the tail before it zeroes the next header and the producer may have died in between (a stale
     * header there would hand the consumer a message from the previous lap). A consumer that already passed a
     * wrap-around padding published before the tail has its head ahead of the tail; the tail is moved up to it.
     * <p>
     * Only while the ring's producer is known dead: its own end before its first claim, or under the dead peer's lock.
     * A ring whose positions or records are not what any producer writes (see {@link ShmRingReader}) is left as it
     * is: that is damage, not a claim to mend, and the walk over it is bounded by the ring's capacity.
     *
     * @return true when something was mended.
     */
    boolean mend(final OneToOneRingBuffer ring)
    {
        final UnsafeBuffer buffer = (UnsafeBuffer)ring.buffer();
        final int capacity = ring.capacity();
        final int mask = capacity - 1;
        final int tailCounter = capacity + RingBufferDescriptor.TAIL_POSITION_OFFSET;
        final long tail = ring.producerPosition();
        long position = ring.consumerPosition();
        if (Math.abs(tail - position) > capacity || ((tail | position) & (RecordDescriptor.ALIGNMENT - 1)) != 0)
        {
            return false;
        }
        if (position > tail)
        {
            buffer.putLongOrdered(tailCounter, position);
            recoveredClaims++;
            return true;
        }
        while (position < tail)
        {
            final int index = (int)position & mask;
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(index));
            if (length > tail - position || length > capacity - index)
            {
                return false;
            }
            if (length <= 0)
            {
                buffer.putLong((int)tail & mask, 0L);
                buffer.putInt(RecordDescriptor.typeOffset(index), RingBuffer.PADDING_MSG_TYPE_ID);
                buffer.putIntOrdered(RecordDescriptor.lengthOffset(index), (int)(tail - position));
                recoveredClaims++;
                return true;
            }
            position += BitUtil.align(length, RecordDescriptor.ALIGNMENT);
        }
        return false;
    }

    /** Unfinished claims of dead producers mended, on either ring. */
    long recoveredClaims()
    {
        return recoveredClaims;
    }
}
