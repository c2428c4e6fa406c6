package io.rtt.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.json.Json;

/**
 * JSON for the toolpack: the one MCP JSON mapper (over the engine's Jackson mapper), schemas bundled next to the
 * tools, and values converted to the maps MCP structured content carries.
 */
public final class ToolJson
{
    /** The MCP mapper over the engine's Jackson mapper, serialising exceptions without their stack traces. */
    public static final McpJsonMapper MAPPER =
        new JacksonMcpJsonMapper(Json.MAPPER.rebuild().addMixIn(Throwable.class, ErrorBodies.class).build());

    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>()
    {
    };

    private ToolJson()
    {
    }

    /**
     * A JSON schema bundled as a resource under {@code io/rtt/tools/}.
     *
     * @param name the resource's file name, e.g. {@code rtt_scan.output.json}.
     * @return the schema as a map.
     * @throws IllegalStateException if the resource is missing or malformed (a build defect).
     */
    public static Map<String, Object> schema(final String name)
    {
        try (InputStream in = ToolJson.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing bundled schema io/rtt/tools/" + name);
            }
            return MAPPER.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), MAP);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read bundled schema io/rtt/tools/" + name, ex);
        }
    }

    /**
     * A value as the map MCP structured content carries.
     *
     * @param value a record or map.
     * @return the value as nested maps and lists, absent fields left out.
     */
    public static Map<String, Object> toMap(final Object value)
    {
        return MAPPER.convertValue(Json.tree(value), MAP);
    }

    /**
     * A successful result: structured content, and the same JSON as text for clients that read only text.
     *
     * @param structured the structured content.
     * @return the result.
     */
    public static McpSchema.CallToolResult success(final Map<String, Object> structured)
    {
        try
        {
            return McpSchema.CallToolResult.builder()
                .structuredContent(structured)
                .addTextContent(MAPPER.writeValueAsString(structured))
                .isError(false)
                .build();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot serialise tool result", ex);
        }
    }
}
