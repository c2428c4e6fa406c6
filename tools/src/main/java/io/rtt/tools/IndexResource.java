package io.rtt.tools;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource {@code rtt://index}: the scan index as written to {@code .rtt/index/symbols.index.json}, a page at a
 * time ({@code rtt://index?cursor=<nextCursor>} reads the next).
 */
public final class IndexResource
{
    /** The resource's URI. */
    public static final String URI = "rtt://index";

    private static final McpSchema.Resource RESOURCE = McpSchema.Resource.builder()
        .uri(URI)
        .name("index")
        .title("Scan index")
        .description("Components, dependencies, edges and diagnostics of the workspace, as JSON " +
            "(.rtt/index/symbols.index.json), at most 20000 characters a page: when the text has nextCursor, read " +
            URI + ResourcePage.CURSOR_QUERY + "<nextCursor> for the next. Call rtt_scan to refresh it.")
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
     * The resource's specification for its later pages, {@code rtt://index?cursor=...}.
     *
     * @param engine the engine of the served workspace.
     * @return the template specification.
     */
    public static McpServerFeatures.SyncResourceTemplateSpecification pages(final Engine engine)
    {
        return new McpServerFeatures.SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder()
            .uriTemplate(ResourcePage.template(URI))
            .name("index-page")
            .title("Scan index, a later page")
            .description("A later page of " + URI + ": pass the nextCursor of the page before.")
            .mimeType("application/json")
            .build(), (exchange, request) -> read(engine, request.uri()));
    }

    /**
     * Reads a page of the index, scanning first if none has been written.
     *
     * @param engine the engine of the served workspace.
     * @param uri    the URI as requested, with or without a cursor.
     * @return the page as one text content.
     */
    public static McpSchema.ReadResourceResult read(final Engine engine, final String uri)
    {
        final byte[] bytes = engine.indexBytes();
        return ResourcePage.read(uri, (ObjectNode)Json.MAPPER.readTree(bytes), Digests.sha256(bytes));
    }
}
