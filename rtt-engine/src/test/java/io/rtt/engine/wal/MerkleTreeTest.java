package io.rtt.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class MerkleTreeTest
{
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
}
