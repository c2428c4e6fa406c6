package io.rtt.tools;

import java.util.List;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.RttException;
import io.rtt.engine.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resources read through the page writer, like tool results: one page of at most
 * {@value PageRequest#DEFAULT_MAX_CHARS} characters, and the next page at the same URI with
 * {@code ?cursor=<nextCursor>} appended.
 */
final class ResourcePage
{
    /** What a paged resource's URI adds to ask for a later page. */
    static final String CURSOR_QUERY = "?cursor=";

    private ResourcePage()
    {
    }

    /**
     * The resource's URI template for its later pages.
     *
     * @param uri the resource's URI.
     * @return the template matching {@code uri?cursor=...}.
     */
    static String template(final String uri)
    {
        return uri + CURSOR_QUERY + "{cursor}";
    }

    /**
     * The URI without its cursor query.
     *
     * @param uri the URI as requested.
     * @return the resource's own URI.
     */
    static String base(final String uri)
    {
        final int query = uri.indexOf(CURSOR_QUERY);
        return query < 0 ? uri : uri.substring(0, query);
    }

    /**
     * Reads one page of a resource.
     *
     * @param uri    the URI as requested, with or without a cursor.
     * @param whole  the resource's whole content, a JSON object.
     * @param digest what the content pages, to bind cursors to.
     * @return the page as one JSON text content.
     * @throws McpError {@code -32602} for a malformed or stale cursor.
     */
    static McpSchema.ReadResourceResult read(final String uri, final ObjectNode whole, final String digest)
    {
        final int query = uri.indexOf(CURSOR_QUERY);
        final String cursor = query < 0 ? null : uri.substring(query + CURSOR_QUERY.length());
        final ObjectNode page;
        try
        {
            page = PageWriter.page(whole, digest, PageRequest.FIRST.at(cursor));
        }
        catch (final RttException ex)
        {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message(ex.getMessage() + "; read " + base(uri) + " for the first page").build();
        }
        return new McpSchema.ReadResourceResult(List.of(
            new McpSchema.TextResourceContents(uri, "application/json", Json.MAPPER.writeValueAsString(page))));
    }
}
