package io.rtt.tools;

import java.util.List;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.wal.LogView;
import io.rtt.engine.wal.WalRecord;

/**
 * {@code rtt_log}: the WAL's frames, verified on open, its Merkle root, and on request RFC 6962 proofs.
 */
public final class LogTool implements RttTool
{
    record Output(int treeSize, String root, List<WalRecord> frames, List<String> warnings,
        LogView.InclusionProof inclusion, LogView.ConsistencyProof consistency)
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
        final LogView log = call.engine().log();
        final int proof = call.integer("proof", 0, 0, Integer.MAX_VALUE);
        final int old = call.integer("consistency", 0, 0, Integer.MAX_VALUE);
        return call.result(new Output(log.size(), log.root(), log.records(), log.warnings(),
            proof > 0 ? log.inclusionProof(proof) : null, old > 0 ? log.consistencyProof(old) : null), null);
    }
}
