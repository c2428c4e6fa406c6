package io.rtt.tools;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * One MCP tool over the engine: its definition (name, schemas, annotations) and its handler.
 * <p>
 * A handler returns its result or throws {@link io.rtt.engine.RttException}; the {@link Toolpack} turns the
 * exception into an {@code isError} result that says what to do next. Implementations are thread-safe.
 */
public interface RttTool
{
    /**
     * The tool's definition as clients list it.
     *
     * @return name, description, input and output schemas, annotations.
     */
    McpSchema.Tool definition();

    /**
     * Runs the tool.
     *
     * @param call the engine, the arguments and the progress sink.
     * @return the result, with structured content matching the output schema.
     * @throws io.rtt.engine.RttException when the work cannot be done.
     */
    McpSchema.CallToolResult call(ToolCall call);
}
