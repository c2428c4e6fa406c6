package io.rtt.engine.wal;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import io.rtt.engine.RttException;

/**
 * The WAL as read back at one moment: its verified frames, the warnings opening it raised, and its RFC 6962 tree,
 * with the proofs a third party checks. What {@code rtt log} prints and the {@code rtt_log} tool returns.
 * <p>
 * Immutable once read; thread-safe.
 */
public final class LogView
{
    private static final HexFormat HEX = HexFormat.of();

    /**
     * An RFC 6962 inclusion proof (hashes in hex, as RFC 9162 checks them).
     *
     * @param treeSize  the tree's size.
     * @param leafIndex the 0-based index of the frame's leaf.
     * @param leafHash  the leaf's hash.
     * @param root      the tree's root.
     * @param path      the audit path, from the leaf up.
     */
    public record InclusionProof(int treeSize, int leafIndex, String leafHash, String root, List<String> path)
    {
    }

    /**
     * An RFC 6962 consistency proof from an older size of the log to its current size.
     *
     * @param oldSize the older size.
     * @param newSize the current size.
     * @param oldRoot the root at the older size.
     * @param newRoot the current root.
     * @param proof   the proof's hashes.
     */
    public record ConsistencyProof(int oldSize, int newSize, String oldRoot, String newRoot, List<String> proof)
    {
    }

    private final List<Wal.Frame> frames;
    private final List<String> warnings;
    private final MerkleTree tree;

    private LogView(final List<Wal.Frame> frames, final List<String> warnings, final MerkleTree tree)
    {
        this.frames = frames;
        this.warnings = warnings;
        this.tree = tree;
    }

    /**
     * Opens, verifies and reads a WAL, then closes it.
     *
     * @param directory the WAL directory.
     * @return what it holds.
     * @throws RttException as {@link Wal#open(Path)}.
     */
    public static LogView read(final Path directory)
    {
        try (Wal wal = Wal.open(directory))
        {
            return new LogView(wal.frames(), wal.warnings(), wal.tree());
        }
    }

    /**
     * The verified frames, oldest first.
     *
     * @return the frames.
     */
    public List<Wal.Frame> frames()
    {
        return frames;
    }

    /**
     * The frames' records, oldest first.
     *
     * @return the records.
     */
    public List<WalRecord> records()
    {
        return frames.stream().map(Wal.Frame::record).toList();
    }

    /**
     * Warnings raised while opening (a torn tail truncated).
     *
     * @return the warnings.
     */
    public List<String> warnings()
    {
        return warnings;
    }

    /**
     * Number of frames: the tree's size.
     *
     * @return the size.
     */
    public int size()
    {
        return frames.size();
    }

    /**
     * The tree's root over every frame.
     *
     * @return the root in hex.
     */
    public String root()
    {
        return HEX.formatHex(tree.root(size()));
    }

    /**
     * The inclusion proof of one frame in the whole log.
     *
     * @param seq the frame's number, from 1.
     * @return the proof.
     * @throws RttException {@code BAD_INPUT} if the log has no such frame.
     */
    public InclusionProof inclusionProof(final long seq)
    {
        final int n = size();
        if (seq < 1 || seq > n)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "no frame " + seq + ": the log has frames 1 to " + n);
        }
        final int index = (int)(seq - 1);
        return new InclusionProof(n, index, HEX.formatHex(frames.get(index).leaf()), root(),
            tree.inclusionProof(index, n).stream().map(HEX::formatHex).toList());
    }

    /**
     * The consistency proof from the log's first {@code oldSize} frames to all of them.
     *
     * @param oldSize the older size, from 1.
     * @return the proof.
     * @throws RttException {@code BAD_INPUT} if the size is not from 1 to the log's size.
     */
    public ConsistencyProof consistencyProof(final long oldSize)
    {
        final int n = size();
        if (oldSize < 1 || oldSize > n)
        {
            throw new RttException(RttException.Kind.BAD_INPUT,
                "old size must be from 1 to " + n + " (the log's size), got " + oldSize);
        }
        final int m = (int)oldSize;
        return new ConsistencyProof(m, n, HEX.formatHex(tree.root(m)), root(),
            tree.consistencyProof(m, n).stream().map(HEX::formatHex).toList());
    }
}
