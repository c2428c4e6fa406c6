package io.rtt.tools;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.RttException;
import io.rtt.engine.wal.MerkleTree;
import io.rtt.engine.wal.Wal;
import io.rtt.engine.wal.WalRecord;

/**
 * {@code rtt_log}: the WAL's frames, verified on open, its Merkle root, and on request RFC 6962 proofs.
 */
public final class LogTool implements RttTool
{
    record Output(int treeSize, String root, List<WalRecord> frames, List<String> warnings,
        Map<String, Object> inclusion, Map<String, Object> consistency)
    {
    }

    private static final Set<String> ARGUMENTS = Set.of("proof", "consistency", "cursor", "maxChars");

    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_log", "Read the WAL",
        "List the WAL's frames (each verified: CRC-32C and hash chain) with the Merkle tree root; proof=SEQ adds an " +
            "RFC 6962 inclusion proof of frame SEQ, consistency=OLD_SIZE a consistency proof from OLD_SIZE frames. The " +
            "answer fits maxChars (default 20000 characters): frames page in order; pass nextCursor as cursor for " +
            "the rest.",
        true, false, true);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(ARGUMENTS);
        try (Wal wal = Wal.open(call.engine().workspace().stateDir().resolve("wal")))
        {
            final MerkleTree tree = wal.tree();
            final int n = tree.size();
            final HexFormat hex = HexFormat.of();
            Map<String, Object> inclusion = null;
            final int proof = call.integer("proof", 0, 0, Integer.MAX_VALUE);
            if (proof > 0)
            {
                check(proof, n);
                inclusion = new LinkedHashMap<>();
                inclusion.put("leafIndex", proof - 1);
                inclusion.put("leafHash", hex.formatHex(wal.frames().get(proof - 1).leaf()));
                inclusion.put("path", tree.inclusionProof(proof - 1, n).stream().map(hex::formatHex).toList());
            }
            Map<String, Object> consistency = null;
            final int old = call.integer("consistency", 0, 0, Integer.MAX_VALUE);
            if (old > 0)
            {
                check(old, n);
                consistency = new LinkedHashMap<>();
                consistency.put("oldSize", old);
                consistency.put("oldRoot", hex.formatHex(tree.root(old)));
                consistency.put("proof", tree.consistencyProof(old, n).stream().map(hex::formatHex).toList());
            }
            return call.result(new Output(n, hex.formatHex(tree.root(n)),
                wal.frames().stream().map(Wal.Frame::record).toList(), wal.warnings(), inclusion, consistency), null);
        }
    }

    private static void check(final int size, final int n)
    {
        if (size > n)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "the log has " + n + " frames; no frame " + size);
        }
    }
}
