package io.rtt.engine.fabric;

import java.util.concurrent.TimeUnit;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * The consumer of one ring of a shm lane: Agrona's one-to-one read, same protocol and memory ordering, but checking
 * every position and record header against the ring before a record is handed over. Agrona's own read trusts them,
 * and a ring anyone who can write the lane file has overwritten would have it spin on a record that never ends, read
 * past the ring, or wait forever on a claim nobody holds (issue 11). Here such a ring is {@link #DAMAGED}, with the
 * reason, and the lane end decides what to do (a serving end resets the lane).
 * <p>
 * What is checked: the head is 8-aligned; each record's length is at least a record header and the record ends within
 * the ring and at or before the tail (the producer publishes its tail before it commits, so a fresh read of the tail
 * covers every committed record); and a record at the head that stays uncommitted (a claim open) with the tail past
 * it, or a tail more than a ring's capacity from the head, is damage once its end's idle strategy, which watches both
 * positions while it waits, {@link #reportStall reports} it: after {@link #STALL_LIMIT_NS}, as a live producer commits
 * within microseconds and a dead one's claim is mended by {@link ShmLaneRecovery} within one
 * {@link DoorbellIdleStrategy#PEER_CHECK_NS}. Record types are not checked here: a record of a sound size is skipped
 * by whoever reads its contents.
 * <p>
 * The checks cost the read nothing while the ring is empty: like Agrona's, it then reads the head record's length
 * and nothing else. The tail is read only when a record reaches past the last tail read, so a consumer spinning on an
 * empty ring never pulls the producer's tail into its cache.
 * <p>
 * Not thread-safe: the one consumer thread of its ring (its read and its idle strategy).
 */
final class ShmRingReader
{
    /** What {@link #read} returns when the ring holds what no producer writes; {@link #damage()} says what. */
    static final int DAMAGED = -1;
    /** How long the head record may stay uncommitted with the tail past it before the ring is taken as damaged. */
    static final long STALL_LIMIT_NS = TimeUnit.SECONDS.toNanos(2);

    private final AtomicBuffer buffer;
    private final int capacity;
    private final int headPositionIndex;
    private final int tailPositionIndex;
    /** The tail as last read: every record up to it is claimed. */
    private long tailCache;
    /** Set by {@link #reportStall}: the next read returns {@link #DAMAGED}. */
    private @Nullable String stall;
    private @Nullable String damage;

    /**
     * @param ring the ring to consume.
     */
    ShmRingReader(final OneToOneRingBuffer ring)
    {
        this.buffer = ring.buffer();
        this.capacity = ring.capacity();
        this.headPositionIndex = capacity + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.tailPositionIndex = capacity + RingBufferDescriptor.TAIL_POSITION_OFFSET;
    }

    /**
     * Reads up to {@code limit} committed records, handing each message (not padding) to {@code handler}.
     *
     * @param handler receives each message in place.
     * @param limit   messages at most.
     * @return messages read, or {@link #DAMAGED}: records before the damage were read and consumed.
     */
    int read(final MessageHandler handler, final int limit)
    {
        if (stall != null)
        {
            return damaged(stall);
        }
        final AtomicBuffer buffer = this.buffer;
        final long head = buffer.getLong(headPositionIndex); // this consumer's own field
        if ((head & (RecordDescriptor.ALIGNMENT - 1)) != 0)
        {
            return damaged("head position " + head + " is not 8-aligned");
        }
        final int headIndex = (int)head & (capacity - 1);
        final int contiguous = capacity - headIndex;
        int bytesRead = 0;
        int messagesRead = 0;
        try
        {
            while (bytesRead < contiguous && messagesRead < limit)
            {
                final int recordIndex = headIndex + bytesRead;
                final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(recordIndex));
                if (length <= 0)
                {
                    break; // nothing yet, or a claim still open
                }
                if (length < RecordDescriptor.HEADER_LENGTH || length > contiguous - bytesRead)
                {
                    return damaged("record at position " + (head + bytesRead) + " has length " + length +
                        ", outside the " + (contiguous - bytesRead) + " bytes up to the ring's end");
                }
                final long end = head + bytesRead + BitUtil.align(length, RecordDescriptor.ALIGNMENT);
                if (end - tailCache > 0)
                {
                    // committed after the tail was last read: a fresh read covers it, if it is a record at all
                    tailCache = buffer.getLongVolatile(tailPositionIndex);
                    if (end - tailCache > 0 || tailCache - head > capacity)
                    {
                        return damaged("record at position " + (head + bytesRead) + " of length " + length +
                            " ends past the tail position " + tailCache);
                    }
                }
                bytesRead += BitUtil.align(length, RecordDescriptor.ALIGNMENT);
                final int typeId = buffer.getInt(RecordDescriptor.typeOffset(recordIndex));
                if (typeId == RingBuffer.PADDING_MSG_TYPE_ID)
                {
                    continue;
                }
                handler.onMessage(typeId, buffer, recordIndex + RecordDescriptor.HEADER_LENGTH,
                    length - RecordDescriptor.HEADER_LENGTH);
                messagesRead++;
            }
        }
        finally
        {
            if (bytesRead > 0)
            {
                buffer.putLongRelease(headPositionIndex, head + bytesRead);
            }
        }
        return messagesRead;
    }

    /**
     * From the idle strategy, which found nothing readable at the head while the tail is elsewhere: damage when the
     * positions are not ring positions, or when the same head has waited {@link #STALL_LIMIT_NS}. The next
     * {@link #read} then returns {@link #DAMAGED}.
     *
     * @param head      the consumer's position.
     * @param tail      the producer's position.
     * @param waitedNs  how long the head has been where it is with the tail elsewhere.
     * @return true when it is damage.
     */
    boolean reportStall(final long head, final long tail, final long waitedNs)
    {
        if (Math.abs(tail - head) > capacity || ((head | tail) & (RecordDescriptor.ALIGNMENT - 1)) != 0)
        {
            stall = "head position " + head + " and tail position " + tail + " are not " + capacity +
                "-byte ring positions";
            return true;
        }
        if (waitedNs > STALL_LIMIT_NS)
        {
            stall = "the record at head position " + head + " stayed uncommitted for " +
                TimeUnit.NANOSECONDS.toMillis(waitedNs) + " ms with the tail at " + tail;
            return true;
        }
        return false;
    }

    private int damaged(final String why)
    {
        damage = why;
        return DAMAGED;
    }

    /**
     * What the last {@link #DAMAGED} read found.
     *
     * @return the reason, or null before any.
     */
    @Nullable String damage()
    {
        return damage;
    }

    /**
     * Checks a ring's positions and the records between them without consuming anything: for a lane file taken
     * over or attached to, whose rings nobody checked while its last ends were away.
     *
     * @param ring the ring.
     * @return what is wrong, or null when every record from the head to the tail (or to a claim still open) is sound.
     */
    static @Nullable String problem(final OneToOneRingBuffer ring)
    {
        final AtomicBuffer buffer = ring.buffer();
        final int capacity = ring.capacity();
        final long head = ring.consumerPosition();
        final long tail = ring.producerPosition();
        if (head < 0 || tail < 0 || Math.abs(tail - head) > capacity ||
            ((head | tail) & (RecordDescriptor.ALIGNMENT - 1)) != 0)
        {
            return "head position " + head + " and tail position " + tail + " are not " + capacity +
                "-byte ring positions";
        }
        long position = head;
        while (position < tail)
        {
            final int index = (int)position & (capacity - 1);
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(index));
            if (length <= 0)
            {
                return null; // a claim open, which recovery mends
            }
            if (length < RecordDescriptor.HEADER_LENGTH || length > capacity - index || length > tail - position)
            {
                return "record at position " + position + " has length " + length;
            }
            position += BitUtil.align(length, RecordDescriptor.ALIGNMENT);
        }
        return null;
    }
}
