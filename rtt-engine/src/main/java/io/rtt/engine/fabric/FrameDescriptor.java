package io.rtt.engine.fabric;

import java.nio.ByteOrder;

/**
 * Byte layout of a lane frame, the unit every lane carries and every client speaks. Little-endian, as Agrona and
 * Aeron lay out their records; on a stream lane the length word also delimits frames.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   frame length (header + payload)             |  0
 *  +---------------+---------------+-------------------------------+
 *  |    version    |     kind      |             flags             |  4
 *  +---------------+---------------+-------------------------------+
 *  |                            route id                           |  8
 *  +---------------------------------------------------------------+
 *  |                           reserved (0)                        | 12
 *  +---------------------------------------------------------------+
 *  |                     correlation id (64 bits)                  | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              deadline, epoch nanoseconds (64 bits)            | 24
 *  |                         0 = none                              |
 *  +---------------------------------------------------------------+
 *  |                           payload ...                        ... 32
 *  +---------------------------------------------------------------+
 * </pre>
 * Written in place (claim, fill, commit), read in place; the header is 32 bytes so a payload starts 8-aligned.
 */
public final class FrameDescriptor
{
    /** Version of this layout. */
    public static final byte VERSION = 1;
    /** Byte order of every field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** A request that expects one response with the same correlation id. */
    public static final byte KIND_REQUEST = 1;
    /** The response to a request. */
    public static final byte KIND_RESPONSE = 2;
    /** A one-way message. */
    public static final byte KIND_EVENT = 3;
    /** The failure of a request; the payload is a UTF-8 message. */
    public static final byte KIND_ERROR = 4;
    /** Liveness, with an empty payload. */
    public static final byte KIND_HEARTBEAT = 5;
    /**
     * A request that the route's driver is live: answered by an empty response once the driver checked its backend,
     * or by an error saying why not. It goes through the route's queue to its driver like a request, but is not
     * counted, timed or rate-limited as one.
     */
    public static final byte KIND_PROBE = 6;

    /** Offset of the frame length. */
    public static final int LENGTH_OFFSET;
    /** Offset of the version byte. */
    public static final int VERSION_OFFSET;
    /** Offset of the kind byte. */
    public static final int KIND_OFFSET;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET;
    /** Offset of the route id. */
    public static final int ROUTE_ID_OFFSET;
    /** Offset of the reserved word. */
    public static final int RESERVED_OFFSET;
    /** Offset of the correlation id. */
    public static final int CORRELATION_ID_OFFSET;
    /** Offset of the deadline. */
    public static final int DEADLINE_OFFSET;
    /** Length of the header; the payload starts here. */
    public static final int HEADER_LENGTH;
    /** Largest frame a lane accepts: larger lengths are corruption or abuse, not frames. */
    public static final int MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    static
    {
        int offset = 0;
        LENGTH_OFFSET = offset;
        offset += Integer.BYTES;
        VERSION_OFFSET = offset;
        offset += Byte.BYTES;
        KIND_OFFSET = offset;
        offset += Byte.BYTES;
        FLAGS_OFFSET = offset;
        offset += Short.BYTES;
        ROUTE_ID_OFFSET = offset;
        offset += Integer.BYTES;
        RESERVED_OFFSET = offset;
        offset += Integer.BYTES;
        CORRELATION_ID_OFFSET = offset;
        offset += Long.BYTES;
        DEADLINE_OFFSET = offset;
        offset += Long.BYTES;
        HEADER_LENGTH = offset;
    }

    private FrameDescriptor()
    {
    }

    /**
     * Checks a frame length read from the wire.
     *
     * @param length the length word.
     * @return the length.
     * @throws IllegalArgumentException if it is shorter than a header or longer than {@link #MAX_FRAME_LENGTH}.
     */
    public static int checkLength(final int length)
    {
        if (length < HEADER_LENGTH || length > MAX_FRAME_LENGTH)
        {
            throw new IllegalArgumentException("frame length out of range: length=" + length + ", min=" + HEADER_LENGTH +
                ", max=" + MAX_FRAME_LENGTH);
        }
        return length;
    }

    /**
     * Checks a kind byte.
     *
     * @param kind the kind.
     * @return the kind.
     * @throws IllegalArgumentException if it is none of the defined kinds.
     */
    public static byte checkKind(final byte kind)
    {
        if (kind < KIND_REQUEST || kind > KIND_PROBE)
        {
            throw new IllegalArgumentException("unknown frame kind: " + kind);
        }
        return kind;
    }
}
