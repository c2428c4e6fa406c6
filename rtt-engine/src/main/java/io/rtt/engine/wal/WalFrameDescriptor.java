package io.rtt.engine.wal;

/**
 * Byte layout of one WAL frame: a header of two big-endian 32-bit words, then the body.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       body length (bytes)                     |
 *  +---------------------------------------------------------------+
 *  |                  CRC-32C (Castagnoli) of the body             |
 *  +---------------------------------------------------------------+
 *  |                 body: canonical JSON (RFC 8785)              ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The CRC catches torn and corrupted writes; the body's {@code prev} field, the SHA-256 of the previous frame's
 * bytes (header and body), makes tampering evident. A frame is written whole and fsync'd before it counts.
 */
public final class WalFrameDescriptor
{
    /** Layout version, also the {@code format} of a frame body: {@value}. */
    public static final String FORMAT = "rtt.wal-frame/2";

    /** Offset of the body length. */
    public static final int LENGTH_OFFSET;
    /** Offset of the body's CRC-32C. */
    public static final int CRC_OFFSET;
    /** Length of the header; the body starts here. */
    public static final int HEADER_LENGTH;
    /** Largest body accepted: larger lengths are corruption, not frames. */
    public static final int MAX_BODY_LENGTH = 16 * 1024 * 1024;
    /** {@code prev} of the first frame. */
    public static final String GENESIS = "sha256:" + "0".repeat(64);

    static
    {
        int offset = 0;
        LENGTH_OFFSET = offset;
        offset += Integer.BYTES;
        CRC_OFFSET = offset;
        offset += Integer.BYTES;
        HEADER_LENGTH = offset;
    }

    private WalFrameDescriptor()
    {
    }

    /**
     * Checks a body length read from a header.
     *
     * @param length the length.
     * @return whether it can be a frame's.
     */
    public static boolean isValidLength(final int length)
    {
        return length > 0 && length <= MAX_BODY_LENGTH;
    }
}
