package io.rtt.engine.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.rtt.engine.RttException;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.fs.BoundedRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: segment files of hash-chained frames under {@code .rtt/wal/}, named by the sequence number
 * of their first frame. Opening verifies every frame (length, CRC-32C, sequence, {@code prev} link); a torn tail (a
 * last frame cut short, or a last frame whose CRC fails where the file ends) is truncated with a warning; any other
 * damage is refused naming the frame. Appending writes one frame and fsyncs it: that is the commit point.
 * <p>
 * Thread-safe: appends are serialised; one process at a time should hold a WAL open for writing (the apply lock).
 */
public final class Wal implements AutoCloseable
{
    /** A segment is closed and a new one started past this size. */
    public static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Wal.class);
    private static final String SUFFIX = ".seg";
    /** Unit in which a file system leaves a crashed append's unwritten data as zeros. */
    private static final int FS_BLOCK_BYTES = 4096;

    /**
     * A verified frame.
     *
     * @param record the body.
     * @param hash   {@code sha256:} of the frame's bytes, the next frame's {@code prev}.
     * @param leaf   the frame's Merkle leaf hash.
     */
    public record Frame(WalRecord record, String hash, byte[] leaf)
    {
    }

    private final Path directory;
    private final long segmentBytes;
    private final List<Frame> frames = new ArrayList<>();
    private final MerkleTree tree = new MerkleTree();
    private final List<String> warnings = new ArrayList<>();
    private FileChannel segment;
    private Path segmentPath;
    private long segmentSize;

    private Wal(final Path directory, final long segmentBytes)
    {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens (creating if needed) and verifies a WAL.
     *
     * @param directory the WAL directory.
     * @return the open WAL, positioned after its last good frame.
     * @throws RttException {@code REFUSED} naming the frame if the chain is broken or a frame is damaged before the
     *                      tail, {@code IO} if the files cannot be read.
     */
    public static Wal open(final Path directory)
    {
        return open(directory, SEGMENT_BYTES);
    }

    /**
     * Opens a WAL whose new segments start past a given size.
     *
     * @param directory    the WAL directory.
     * @param segmentBytes size past which an append starts a new segment.
     * @return the open WAL.
     * @throws RttException as {@link #open(Path)}.
     */
    public static Wal open(final Path directory, final long segmentBytes)
    {
        if (segmentBytes < 1)
        {
            throw new IllegalArgumentException("segmentBytes < 1: " + segmentBytes);
        }
        final Wal wal = new Wal(directory, segmentBytes);
        try
        {
            Files.createDirectories(directory);
            wal.load();
            return wal;
        }
        catch (final IOException ex)
        {
            wal.close();
            throw new RttException(RttException.Kind.IO, "cannot open WAL " + directory + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            wal.close();
            throw ex;
        }
    }

    private void load() throws IOException
    {
        final List<Path> segments = segments();
        for (int s = 0; s < segments.size(); s++)
        {
            final Path file = segments.get(s);
            final boolean last = s == segments.size() - 1;
            final byte[] bytes = BoundedRead.readAllBytes(file, maxSegmentBytes(), "WAL segment");
            int offset = 0;
            while (offset < bytes.length)
            {
                final long seq = frames.size() + 1;
                final int remaining = bytes.length - offset;
                final int length = remaining >= WalFrameDescriptor.HEADER_LENGTH ?
                    ByteBuffer.wrap(bytes, offset + WalFrameDescriptor.LENGTH_OFFSET, 4).getInt() : -1;
                final boolean complete = length > 0 && WalFrameDescriptor.isValidLength(length) &&
                    remaining >= WalFrameDescriptor.HEADER_LENGTH + length;
                final boolean atEnd = complete && remaining == WalFrameDescriptor.HEADER_LENGTH + length;
                if (!complete || !crcMatches(bytes, offset, length))
                {
                    // Torn: cut short (a body that is a strict prefix of one JSON object; a length that overruns
                    // whole frames is a damaged header, not a torn write), or its length reached the disk but its
                    // last blocks did not, read back as zeros from a block boundary to the end (as XFS does). A
                    // complete frame that fails its CRC otherwise is damage: a committed frame is never dropped.
                    final boolean torn = !complete && objectEnd(bytes, offset + WalFrameDescriptor.HEADER_LENGTH) < 0 ||
                        atEnd && unwrittenBlocksAtEnd(bytes, offset + WalFrameDescriptor.HEADER_LENGTH);
                    if (last && torn)
                    {
                        truncate(file, offset, seq, complete ? "its data never reached the disk" : "it is cut short");
                        break;
                    }
                    throw new RttException(RttException.Kind.REFUSED, "WAL frame " + seq + " in " +
                        file.getFileName() + " at byte " + offset + ": " + (complete ? "CRC-32C mismatch" :
                        "invalid length " + length) + "; the log is damaged before its tail and is not used");
                }
                final int frameLength = WalFrameDescriptor.HEADER_LENGTH + length;
                final byte[] frame = java.util.Arrays.copyOfRange(bytes, offset, offset + frameLength);
                accept(frame, seq, file);
                offset += frameLength;
            }
        }
        openSegmentForAppend(segments);
    }

    /** A segment is cut past {@code segmentBytes}, so it ends at most one whole frame beyond. */
    private int maxSegmentBytes()
    {
        return (int)Math.min(Integer.MAX_VALUE - 8L, Math.max(segmentBytes, SEGMENT_BYTES) +
            WalFrameDescriptor.HEADER_LENGTH + WalFrameDescriptor.MAX_BODY_LENGTH);
    }

    /** Whether the bytes from some file-system block boundary (at or after {@code from}) to the end are all zero. */
    private static boolean unwrittenBlocksAtEnd(final byte[] bytes, final int from)
    {
        int zeros = bytes.length;
        while (zeros > from && bytes[zeros - 1] == 0)
        {
            zeros--;
        }
        final int firstBlock = (zeros + FS_BLOCK_BYTES - 1) / FS_BLOCK_BYTES * FS_BLOCK_BYTES;
        return zeros < bytes.length && (zeros == from || firstBlock < bytes.length && firstBlock >= zeros);
    }

    /** Index just past the first complete top-level JSON object from start, or -1 if the bytes end inside it. */
    private static int objectEnd(final byte[] bytes, final int start)
    {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < bytes.length; i++)
        {
            final byte b = bytes[i];
            if (inString)
            {
                if (b == '\\')
                {
                    i++;
                }
                else if (b == '"')
                {
                    inString = false;
                }
            }
            else if (b == '"')
            {
                inString = true;
            }
            else if (b == '{')
            {
                depth++;
            }
            else if (b == '}' && --depth == 0)
            {
                return i + 1;
            }
        }
        return -1;
    }

    private void accept(final byte[] frame, final long seq, final Path file)
    {
        final WalRecord record;
        try
        {
            record = Json.MAPPER.readValue(java.util.Arrays.copyOfRange(frame, WalFrameDescriptor.HEADER_LENGTH,
                frame.length), WalRecord.class);
        }
        catch (final RuntimeException ex)
        {
            throw new RttException(RttException.Kind.REFUSED,
                "WAL frame " + seq + " in " + file.getFileName() + ": body is not a WAL record: " + ex.getMessage());
        }
        if (record.seq() != seq)
        {
            throw new RttException(RttException.Kind.REFUSED,
                "WAL frame " + seq + ": sequence number " + record.seq() + " out of order");
        }
        final String expected = frames.isEmpty() ? WalFrameDescriptor.GENESIS : frames.get(frames.size() - 1).hash();
        if (!expected.equals(record.prev()))
        {
            throw new RttException(RttException.Kind.REFUSED,
                "WAL frame " + seq + ": previous digest mismatch (chain broken; expected " + expected + ")");
        }
        frames.add(new Frame(record, Digests.sha256(frame), MerkleTree.leafHash(frame)));
        tree.add(frame);
    }

    private void truncate(final Path file, final int offset, final long seq, final String why) throws IOException
    {
        final String warning = "WAL " + file.getFileName() + ": torn tail truncated at byte " + offset + " (frame " +
            seq + ": " + why + ")";
        LOG.warn(warning);
        warnings.add(warning);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(offset);
            channel.force(true);
        }
    }

    private static boolean crcMatches(final byte[] bytes, final int offset, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, offset + WalFrameDescriptor.HEADER_LENGTH, length);
        return (int)crc.getValue() == ByteBuffer.wrap(bytes, offset + WalFrameDescriptor.CRC_OFFSET, 4).getInt();
    }

    private List<Path> segments() throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    /** Remembers where appends go; the file is opened (and created) only by the first append. */
    private void openSegmentForAppend(final List<Path> segments) throws IOException
    {
        segmentPath = segments.isEmpty() ? segmentFile(1) : segments.get(segments.size() - 1);
        segmentSize = Files.exists(segmentPath) ? Files.size(segmentPath) : 0;
    }

    private Path segmentFile(final long firstSeq)
    {
        return directory.resolve(String.format("%020d%s", firstSeq, SUFFIX));
    }

    /**
     * Appends a frame and fsyncs it: once this returns, the frame is committed.
     *
     * @param entry what to commit.
     * @return the new frame.
     * @throws RttException {@code IO} if the write or sync fails; the frame then does not count and the next open
     *                      truncates whatever part of it reached the disk.
     */
    public synchronized Frame append(final WalEntry entry)
    {
        final WalRecord record = new WalRecord(WalFrameDescriptor.FORMAT, frames.size() + 1L, head(), entry.kind(),
            entry.plan(), entry.graph(), entry.version(), entry.expires(), entry.workspace(), entry.signatures(),
            entry.time(), entry.verdict());
        final byte[] body = Json.canonicalBytes(record);
        final CRC32C crc = new CRC32C();
        crc.update(body);
        final ByteBuffer frame = ByteBuffer.allocate(WalFrameDescriptor.HEADER_LENGTH + body.length);
        frame.putInt(WalFrameDescriptor.LENGTH_OFFSET, body.length);
        frame.putInt(WalFrameDescriptor.CRC_OFFSET, (int)crc.getValue());
        frame.position(WalFrameDescriptor.HEADER_LENGTH);
        frame.put(body).flip();
        try
        {
            if (segmentSize > 0 && segmentSize + frame.remaining() > segmentBytes)
            {
                if (segment != null)
                {
                    segment.close();
                    segment = null;
                }
                segmentPath = segmentFile(record.seq());
                segmentSize = 0;
            }
            if (segment == null)
            {
                segment = FileChannel.open(segmentPath, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                segment.position(segmentSize);
            }
            final byte[] bytes = frame.array().clone();
            while (frame.hasRemaining())
            {
                segment.write(frame);
            }
            segment.force(false);
            segmentSize += bytes.length;
            accept(bytes, record.seq(), directory);
            return frames.get(frames.size() - 1);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "WAL append of frame " + record.seq() + " failed: " + ex, ex);
        }
    }

    /**
     * The hash of the last frame, the {@code prev} of the next.
     *
     * @return {@code sha256:} of the last frame, or {@link WalFrameDescriptor#GENESIS} for an empty log.
     */
    public synchronized String head()
    {
        return frames.isEmpty() ? WalFrameDescriptor.GENESIS : frames.get(frames.size() - 1).hash();
    }

    /**
     * The frames, oldest first.
     *
     * @return an unmodifiable snapshot.
     */
    public synchronized List<Frame> frames()
    {
        return Collections.unmodifiableList(new ArrayList<>(frames));
    }

    /**
     * Warnings raised while opening (torn tails truncated).
     *
     * @return the warnings.
     */
    public List<String> warnings()
    {
        return List.copyOf(warnings);
    }

    /**
     * The Merkle tree over the frames.
     *
     * @return the tree; read it under this WAL's lock or after appends stop.
     */
    public MerkleTree tree()
    {
        return tree;
    }

    @Override
    public synchronized void close()
    {
        if (segment != null)
        {
            try
            {
                segment.close();
            }
            catch (final IOException ex)
            {
                LOG.warn("closing WAL segment: {}", ex.toString());
            }
            segment = null;
        }
    }
}
