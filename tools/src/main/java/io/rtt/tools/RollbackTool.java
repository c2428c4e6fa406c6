package io.rtt.tools;

import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * {@code rtt_rollback}: restores an earlier graph by a new WAL frame signed with the workspace's trusted keys.
 */
public final class RollbackTool implements RttTool
{
    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_rollback", "Roll back the wiring",
        "Append a rollback frame that restores the graph of an earlier frame (default: the one before the head; " +
            "0: the empty graph). Signed by the workspace's trusted keys; refused if they do not reach the threshold.",
        false, true, false);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(Set.of("to", "dry_run"));
        final int to = call.integer("to", -1, -1, Integer.MAX_VALUE);
        return call.result(call.engine().applier().rollback(to, call.bool("dry_run", false)), null);
    }
}
