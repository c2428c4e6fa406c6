package io.rtt.tools;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;

/**
 * The resource {@code rtt://index}: the scan index as written to {@code .rtt/index/symbols.index.json}.
 */
public final class IndexResource
{
    /** The resource's URI. */
    public static final String URI = "rtt://index";

    private static final McpSchema.Resource RESOURCE = McpSchema.Resource.builder()
        .uri(URI)
        .name("index")
        .title("Scan index")
        .description("Components, dependencies, edges and diagnostics of the workspace, as canonical JSON " +
            "(.rtt/index/symbols.index.json). Call rtt_scan to refresh it.")
        .mimeType("application/json")
        .build();

    private IndexResource()
    {
    }

    /**
     * The resource's listing entry.
     *
     * @return the resource.
     */
    public static McpSchema.Resource resource()
    {
        return RESOURCE;
    }

    /**
     * Reads the index, scanning first if none has been written.
     *
     * @param engine the engine of the served workspace.
     * @return the index as one text content.
     */
    public static McpSchema.ReadResourceResult read(final Engine engine)
    {
        final String text = new String(engine.indexBytes(), StandardCharsets.UTF_8);
        return new McpSchema.ReadResourceResult(
            List.of(new McpSchema.TextResourceContents(URI, "application/json", text)));
    }
}
