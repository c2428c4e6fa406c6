package io.rtt.engine.wal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import io.rtt.engine.json.Digests;

/**
 * The RFC 6962 (Certificate Transparency) Merkle tree over WAL frames: leaf hash {@code SHA-256(0x00 || frame)},
 * node hash {@code SHA-256(0x01 || left || right)}, with inclusion (audit) and consistency proofs and their
 * verification as RFC 9162 section 2.1.3 and 2.1.4 describe it, so a third party can check them.
 * <p>
 * Not thread-safe; the WAL guards it.
 */
public final class MerkleTree
{
    private final List<byte[]> leaves = new ArrayList<>();

    /**
     * Adds a leaf.
     *
     * @param frame the frame's bytes.
     */
    public void add(final byte[] frame)
    {
        leaves.add(leafHash(frame));
    }

    /**
     * Number of leaves.
     *
     * @return the tree size.
     */
    public int size()
    {
        return leaves.size();
    }

    /**
     * The root of the first {@code n} leaves.
     *
     * @param n tree size, 0 to {@link #size()}.
     * @return the root hash; the hash of the empty string for an empty tree.
     */
    public byte[] root(final int n)
    {
        check(n, n);
        return n == 0 ? Digests.newSha256().digest() : hash(0, n);
    }

    /**
     * The inclusion proof of leaf {@code m} in the tree of size {@code n} (RFC 6962 PATH).
     *
     * @param m 0-based leaf index.
     * @param n tree size.
     * @return the sibling hashes from the leaf up.
     */
    public List<byte[]> inclusionProof(final int m, final int n)
    {
        check(m + 1, n);
        final List<byte[]> path = new ArrayList<>();
        path(m, 0, n, path);
        return path;
    }

    /**
     * The consistency proof between the trees of sizes {@code m} and {@code n} (RFC 6962 PROOF).
     *
     * @param m old size, at least 1.
     * @param n new size.
     * @return the proof hashes.
     */
    public List<byte[]> consistencyProof(final int m, final int n)
    {
        if (m < 1)
        {
            throw new IllegalArgumentException("old size must be at least 1: " + m);
        }
        check(m, n);
        final List<byte[]> proof = new ArrayList<>();
        if (m < n)
        {
            subproof(m, 0, n, true, proof);
        }
        return proof;
    }

    /**
     * Verifies an inclusion proof (RFC 9162 2.1.3.2).
     *
     * @param leaf  the leaf's hash.
     * @param m     its 0-based index.
     * @param n     the tree size.
     * @param proof the proof.
     * @param root  the expected root.
     * @return true if the proof shows the leaf in the tree with that root.
     */
    public static boolean verifyInclusion(
        final byte[] leaf, final long m, final long n, final List<byte[]> proof, final byte[] root)
    {
        if (m >= n)
        {
            return false;
        }
        long fn = m;
        long sn = n - 1;
        byte[] r = leaf;
        for (final byte[] p : proof)
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Verifies a consistency proof (RFC 9162 2.1.4.2).
     *
     * @param m       old size.
     * @param n       new size.
     * @param oldRoot root of the old tree.
     * @param newRoot root of the new tree.
     * @param proof   the proof.
     * @return true if the old tree is a prefix of the new one.
     */
    public static boolean verifyConsistency(
        final long m, final long n, final byte[] oldRoot, final byte[] newRoot, final List<byte[]> proof)
    {
        if (m < 1 || m > n)
        {
            return false;
        }
        if (m == n)
        {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        final List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(m) == 1)
        {
            path.add(0, oldRoot); // m is a power of two: the old root is the first node
        }
        if (path.isEmpty())
        {
            return false;
        }
        long fn = m - 1;
        long sn = n - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++)
        {
            final byte[] c = path.get(i);
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = node(c, fr);
                sr = node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    /**
     * The leaf hash of a frame.
     *
     * @param frame the frame's bytes.
     * @return {@code SHA-256(0x00 || frame)}.
     */
    public static byte[] leafHash(final byte[] frame)
    {
        final MessageDigest digest = Digests.newSha256();
        digest.update((byte)0);
        digest.update(frame);
        return digest.digest();
    }

    private static byte[] node(final byte[] left, final byte[] right)
    {
        final MessageDigest digest = Digests.newSha256();
        digest.update((byte)1);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** MTH(D[start:start+n]). */
    private byte[] hash(final int start, final int n)
    {
        if (n == 1)
        {
            return leaves.get(start);
        }
        final int k = Integer.highestOneBit(n - 1);
        return node(hash(start, k), hash(start + k, n - k));
    }

    private void path(final int m, final int start, final int n, final List<byte[]> out)
    {
        if (n == 1)
        {
            return;
        }
        final int k = Integer.highestOneBit(n - 1);
        if (m < k)
        {
            path(m, start, k, out);
            out.add(hash(start + k, n - k));
        }
        else
        {
            path(m - k, start + k, n - k, out);
            out.add(hash(start, k));
        }
    }

    private void subproof(final int m, final int start, final int n, final boolean complete, final List<byte[]> out)
    {
        if (m == n)
        {
            if (!complete)
            {
                out.add(hash(start, n));
            }
            return;
        }
        final int k = Integer.highestOneBit(n - 1);
        if (m <= k)
        {
            subproof(m, start, k, complete, out);
            out.add(hash(start + k, n - k));
        }
        else
        {
            subproof(m - k, start + k, n - k, false, out);
            out.add(hash(start, k));
        }
    }

    private void check(final int m, final int n)
    {
        if (n < 0 || n > leaves.size() || m > n)
        {
            throw new IllegalArgumentException("tree of " + leaves.size() + " leaves has no " + m + " of " + n);
        }
    }
}
