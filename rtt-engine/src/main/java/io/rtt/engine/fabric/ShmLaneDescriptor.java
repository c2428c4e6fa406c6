package io.rtt.engine.fabric;

import org.agrona.BitUtil;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Byte layout of an shm lane file: one header page, then the request ring, then the response ring. Each ring is an
 * Agrona one-to-one ring buffer (capacity plus its trailer). Every header field sits on its own cache line so the
 * two sides never write the same line. Each end holds an fcntl lock on the first byte of its identity block for
 * as long as it lives; the kernel drops it when the process dies, which is how the other end knows.
 * <p>
 * Each identity block is written by its end only (pid, heartbeat, left-damaged flag) and read by the other. An end
 * that finds a ring it reads damaged leaves the file with its flag set: a server then makes a fresh file for the
 * route (its clients, seeing its flag, tell their callers to connect again), and a server that sees its client's flag
 * does the same.
 * <pre>
 *   offset  field
 *        0  magic "RTTSHM01" (long)
 *        8  version (int)            12  ring capacity (int)
 *       16  route id (int)
 *      128  server pid (long)       136  server heartbeat, epoch ms (long)
 *      144  server left damaged (int): 1 once the server left this file to reset the lane
 *      256  client pid (long)       264  client heartbeat, epoch ms (long)
 *      272  client left damaged (int): 1 once a client left because it found the response ring damaged
 *      384  server parked (int): 1 while the server waits on its doorbell for requests
 *      512  client parked (int): 1 while the client waits on its doorbell for responses
 *     4096  request ring  (client produces, server consumes)
 *  4096+R   response ring (server produces, client consumes), R = capacity + ring trailer
 * </pre>
 */
public final class ShmLaneDescriptor
{
    /** "RTTSHM01" as a little-endian long. */
    public static final long MAGIC = 0x3130_4D48_5354_5452L;
    /** Version of this layout. */
    public static final int VERSION = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the ring capacity. */
    public static final int CAPACITY_OFFSET = 12;
    /** Offset of the route id. */
    public static final int ROUTE_ID_OFFSET = 16;
    /** Offset of the server's identity block (pid, heartbeat). */
    public static final int SERVER_OFFSET = 2 * BitUtil.CACHE_LINE_LENGTH;
    /** Offset of the client's identity block (pid, heartbeat). */
    public static final int CLIENT_OFFSET = 4 * BitUtil.CACHE_LINE_LENGTH;
    /** Offset, within an identity block, of the pid. */
    public static final int PID_FIELD = 0;
    /** Offset, within an identity block, of the heartbeat: when the end last waited. */
    public static final int HEARTBEAT_FIELD = 8;
    /** Offset, within an identity block, of the flag an end sets when it leaves the lane over a damaged ring. */
    public static final int LEFT_DAMAGED_FIELD = 16;
    /** Offset of the server's parked flag. */
    public static final int SERVER_PARKED_OFFSET = 6 * BitUtil.CACHE_LINE_LENGTH;
    /** Offset of the client's parked flag. */
    public static final int CLIENT_PARKED_OFFSET = 8 * BitUtil.CACHE_LINE_LENGTH;
    /** Length of the header; one page keeps the rings page-aligned. */
    public static final int HEADER_LENGTH = 4096;

    /** Smallest ring capacity accepted. */
    public static final int MIN_CAPACITY = 4096;
    /** Largest ring capacity accepted (64 MiB); each ring holds at most an eighth of it per message. */
    public static final int MAX_CAPACITY = 1 << 26;

    private ShmLaneDescriptor()
    {
    }

    /** Bytes of one ring, capacity plus trailer. */
    public static int ringLength(final int capacity)
    {
        return capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /** Offset of the request ring. */
    public static int requestRingOffset()
    {
        return HEADER_LENGTH;
    }

    /** Offset of the response ring. */
    public static int responseRingOffset(final int capacity)
    {
        return HEADER_LENGTH + ringLength(capacity);
    }

    /** Length of the whole file. */
    public static int fileLength(final int capacity)
    {
        return HEADER_LENGTH + 2 * ringLength(capacity);
    }

    /** Checks a capacity: a power of two in [{@link #MIN_CAPACITY}, {@link #MAX_CAPACITY}]. */
    public static int checkCapacity(final int capacity)
    {
        if (!BitUtil.isPowerOfTwo(capacity) || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("ring capacity must be a power of two between "
                + MIN_CAPACITY + " and " + MAX_CAPACITY + " bytes, was " + capacity);
        }
        return capacity;
    }
}
