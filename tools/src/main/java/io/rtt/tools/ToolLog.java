package io.rtt.tools;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * Where a tool writes the lines a client sees as MCP log notifications ({@code notifications/message}), at the
 * level the client set with {@code logging/setLevel}. Implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface ToolLog
{
    /** A log that goes nowhere: the caller is not an MCP client. */
    ToolLog NONE = (level, message) -> {};

    /**
     * Writes one line.
     *
     * @param level   how much it matters: progress is {@code DEBUG}, a tool's outcome {@code INFO}.
     * @param message the line, in plain words.
     */
    void log(McpSchema.LoggingLevel level, String message);
}
