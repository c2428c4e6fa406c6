package io.rtt.tools;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * Builds tool definitions from their bundled schemas and honest annotations, the same way for every tool.
 */
final class ToolDefinitions
{
    private ToolDefinitions()
    {
    }

    static McpSchema.Tool define(final String name, final String title, final String description,
        final boolean readOnly, final boolean destructive, final boolean idempotent)
    {
        return McpSchema.Tool.builder()
            .name(name)
            .title(title)
            .description(description)
            .inputSchema(ToolJson.schema(name + ".input.json"))
            .outputSchema(ToolJson.schema(name + ".output.json"))
            .annotations(McpSchema.ToolAnnotations.builder()
                .title(title)
                .readOnlyHint(readOnly)
                .destructiveHint(destructive)
                .idempotentHint(idempotent)
                .openWorldHint(false)
                .build())
            .build();
    }
}
