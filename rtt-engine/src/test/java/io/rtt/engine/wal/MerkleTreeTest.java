package io.rtt.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class MerkleTreeTest
{
    // Known answers from an independent implementation: the RFC 6962 reference tree of transparency-dev/merkle
    // (formerly google/trillian's merkle/testonly, itself from google/certificate-transparency's
    // merkle_tree_test.cc): testonly/constants.go (leaves, level-0 node hashes, roots) and proof/verify_test.go
    // (inclusionProofs with 1-based leaf numbers, consistencyProofs).
    private static final String[] REFERENCE_LEAVES = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    };
    private static final String[] REFERENCE_LEAF_HASHES = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    };
    /** Indexed by tree size, 0 to 8. */
    private static final String[] REFERENCE_ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };

    /** A published proof: two sizes (a 1-based leaf number and a tree size, or an old and a new size) and hashes. */
    private record Vector(int first, int second, List<String> proof)
    {
    }

    private static final List<Vector> REFERENCE_INCLUSION_PROOFS = List.of(
        new Vector(1, 1, List.of()),
        new Vector(1, 8, List.of(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        new Vector(6, 8, List.of(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        new Vector(3, 3, List.of(
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
        new Vector(2, 5, List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

    private static final List<Vector> REFERENCE_CONSISTENCY_PROOFS = List.of(
        new Vector(1, 1, List.of()),
        new Vector(1, 8, List.of(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        new Vector(6, 8, List.of(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        new Vector(2, 5, List.of(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
        new Vector(6, 7, List.of(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

    private static final HexFormat HEX = HexFormat.of();

    private static MerkleTree referenceTree()
    {
        final MerkleTree tree = new MerkleTree();
        for (final String leaf : REFERENCE_LEAVES)
        {
            tree.add(HEX.parseHex(leaf));
        }
        return tree;
    }

    private static List<String> hex(final List<byte[]> hashes)
    {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static List<byte[]> bytes(final List<String> hashes)
    {
        return hashes.stream().map(HEX::parseHex).toList();
    }

    /** The proof with bit {@code bit} of element {@code index}'s first byte flipped. */
    private static List<byte[]> flipped(final List<String> proof, final int index, final int bit)
    {
        final List<byte[]> copy = new ArrayList<>(bytes(proof));
        copy.get(index)[0] ^= (byte)(1 << bit);
        return copy;
    }

    private static MerkleTree tree(final int n)
    {
        final MerkleTree tree = new MerkleTree();
        for (int i = 0; i < n; i++)
        {
            tree.add(("frame " + i).getBytes(StandardCharsets.UTF_8));
        }
        return tree;
    }

    @Test
    void shouldHashTheEmptyTreeAndOneLeafAsRfc6962Says()
    {
        assertArrayEquals(HexFormat.of().parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            new MerkleTree().root(0));
        final MerkleTree one = tree(1);
        assertArrayEquals(MerkleTree.leafHash("frame 0".getBytes(StandardCharsets.UTF_8)), one.root(1));
    }

    @Test
    void shouldProveAndVerifyInclusionOfEveryLeafInEveryTreeSize()
    {
        final MerkleTree tree = tree(33);
        for (int n = 1; n <= 33; n++)
        {
            for (int m = 0; m < n; m++)
            {
                final byte[] leaf = MerkleTree.leafHash(("frame " + m).getBytes(StandardCharsets.UTF_8));
                final List<byte[]> proof = tree.inclusionProof(m, n);
                assertTrue(MerkleTree.verifyInclusion(leaf, m, n, proof, tree.root(n)), m + " in " + n);
                assertFalse(MerkleTree.verifyInclusion(MerkleTree.leafHash(new byte[] {1}), m, n, proof, tree.root(n)));
                if (!proof.isEmpty())
                {
                    final List<byte[]> tampered = new ArrayList<>(proof);
                    tampered.set(0, MerkleTree.leafHash(new byte[] {2}));
                    assertFalse(MerkleTree.verifyInclusion(leaf, m, n, tampered, tree.root(n)));
                }
            }
        }
    }

    @Test
    void shouldProveAndVerifyConsistencyBetweenEveryPairOfSizes()
    {
        final MerkleTree tree = tree(33);
        for (int n = 1; n <= 33; n++)
        {
            for (int m = 1; m <= n; m++)
            {
                final List<byte[]> proof = tree.consistencyProof(m, n);
                assertTrue(MerkleTree.verifyConsistency(m, n, tree.root(m), tree.root(n), proof), m + " -> " + n);
                if (m < n)
                {
                    final MerkleTree forked = tree(m - 1);
                    forked.add("forged".getBytes(StandardCharsets.UTF_8));
                    assertFalse(MerkleTree.verifyConsistency(m, n, forked.root(m), tree.root(n), proof),
                        "a rewritten history fails " + m + " -> " + n);
                }
            }
        }
    }

    @Test
    void shouldHashTheReferenceLeavesWithTheZeroPrefixAsPublished()
    {
        for (int i = 0; i < REFERENCE_LEAVES.length; i++)
        {
            final byte[] leaf = HEX.parseHex(REFERENCE_LEAVES[i]);
            assertEquals(REFERENCE_LEAF_HASHES[i], HEX.formatHex(MerkleTree.leafHash(leaf)), "leaf " + i);
        }
    }

    @Test
    void shouldMatchThePublishedRootOfTheReferenceTreeAtEverySize()
    {
        final MerkleTree tree = referenceTree();
        for (int n = 0; n <= REFERENCE_LEAVES.length; n++)
        {
            assertEquals(REFERENCE_ROOTS[n], HEX.formatHex(tree.root(n)), "size " + n);
        }
    }

    @Test
    void shouldProduceAndVerifyThePublishedAuditPaths()
    {
        final MerkleTree tree = referenceTree();
        for (final Vector v : REFERENCE_INCLUSION_PROOFS)
        {
            final int m = v.first() - 1;
            final int n = v.second();
            final byte[] leaf = MerkleTree.leafHash(HEX.parseHex(REFERENCE_LEAVES[m]));
            final byte[] root = HEX.parseHex(REFERENCE_ROOTS[n]);

            assertEquals(v.proof(), hex(tree.inclusionProof(m, n)), "leaf " + m + " of " + n);
            assertTrue(MerkleTree.verifyInclusion(leaf, m, n, bytes(v.proof()), root), "leaf " + m + " of " + n);
            for (int i = 0; i < v.proof().size(); i++)
            {
                assertFalse(MerkleTree.verifyInclusion(leaf, m, n, flipped(v.proof(), i, 3), root),
                    "leaf " + m + " of " + n + " with proof[" + i + "] bit 3 flipped");
            }
        }
    }

    @Test
    void shouldProduceAndVerifyThePublishedConsistencyProofs()
    {
        final MerkleTree tree = referenceTree();
        for (final Vector v : REFERENCE_CONSISTENCY_PROOFS)
        {
            final int m = v.first();
            final int n = v.second();
            final byte[] oldRoot = HEX.parseHex(REFERENCE_ROOTS[m]);
            final byte[] newRoot = HEX.parseHex(REFERENCE_ROOTS[n]);

            assertEquals(v.proof(), hex(tree.consistencyProof(m, n)), m + " -> " + n);
            assertTrue(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, bytes(v.proof())), m + " -> " + n);
            assertEquals(m == n, MerkleTree.verifyConsistency(m, n, newRoot, oldRoot, bytes(v.proof())),
                "swapped roots " + m + " -> " + n);
            for (int i = 0; i < v.proof().size(); i++)
            {
                assertFalse(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, flipped(v.proof(), i, 4)),
                    m + " -> " + n + " with proof[" + i + "] bit 4 flipped");
            }
        }
    }
}
