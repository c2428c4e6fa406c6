package io.rtt.server.mcp;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.rtt.engine.json.Json;
import io.rtt.server.Version;
import io.rtt.tools.ToolJson;
import org.slf4j.LoggerFactory;

/**
 * Rehearses, on a side thread, the part of an MCP session's first exchange that does not depend on the served
 * workspace: reading {@code initialize}, {@code notifications/initialized} and {@code tools/list}, writing their
 * replies, and seeding the secure random a session id is drawn from. The first real messages then find the JSON
 * (de)serialisers built and the security providers loaded, and that work ran while the main thread opened the engine
 * and built the toolpack.
 * <p>
 * Cold, each record type of the MCP schema costs Jackson an introspection of its class, and that is most of a cold
 * start's own work; warm, it is a cache hit. What the rehearsal builds lives in shared caches (the mapper's, the
 * JDK's); nothing it makes is kept, and it writes nothing. A failure costs only the time it meant to save, so it is
 * logged at debug level and otherwise ignored.
 */
public final class HandshakeRehearsal implements Runnable
{
    /** Name of the rehearsal's thread. */
    public static final String THREAD_NAME = "rtt-rehearsal";

    // Compile-time constants only: this class is initialised on the caller's thread, before the side thread starts.
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"," +
        "\"params\":{\"protocolVersion\":\"" + ProtocolVersions.MCP_2025_06_18 + "\"," +
        "\"capabilities\":{\"roots\":{\"listChanged\":true},\"sampling\":{},\"elicitation\":{}}," +
        "\"clientInfo\":{\"name\":\"rehearsal\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"," +
        "\"description\":\"a path\"},\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":500}}," +
        "\"required\":[\"path\"],\"additionalProperties\":false}";

    private HandshakeRehearsal()
    {
    }

    /**
     * Starts the rehearsal on a daemon thread; the caller goes on with its own start-up.
     *
     * @return the started thread.
     */
    public static Thread start()
    {
        final Thread thread = new Thread(new HandshakeRehearsal(), THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run()
    {
        try
        {
            // The session id: SecureRandom's first use loads the security providers.
            UUID.randomUUID();
            final McpJsonMapper mapper = ToolJson.MAPPER;
            for (final String line : List.of(INITIALIZE, INITIALIZED, TOOLS_LIST))
            {
                // As StdioTransportProvider reads a line: a tree for its checks, then the JSON-RPC message.
                Json.MAPPER.readTree(line);
                final McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(mapper, line);
                if (message instanceof McpSchema.JSONRPCRequest request &&
                    McpSchema.METHOD_INITIALIZE.equals(request.method()))
                {
                    mapper.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>()
                    {
                    });
                }
            }
            final McpSchema.ServerCapabilities capabilities = McpSchema.ServerCapabilities.builder()
                .completions()
                .logging()
                .prompts(false)
                .resources(false, false)
                .tools(false)
                .build();
            mapper.writeValueAsString(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 1,
                new McpSchema.InitializeResult(ProtocolVersions.MCP_2025_06_18, capabilities,
                    new McpSchema.Implementation(Version.NAME, Version.VERSION), "instructions"), null));
            // Bundled schemas are read into maps, and tools/list writes them back out.
            final Map<String, Object> schema = mapper.readValue(SCHEMA, new TypeRef<Map<String, Object>>()
            {
            });
            final McpSchema.Tool tool = McpSchema.Tool.builder()
                .name("rehearsal")
                .title("Rehearsal")
                .description("a tool as tools/list lists it")
                .inputSchema(schema)
                .outputSchema(schema)
                .annotations(McpSchema.ToolAnnotations.builder()
                    .title("Rehearsal")
                    .readOnlyHint(true)
                    .destructiveHint(false)
                    .idempotentHint(true)
                    .openWorldHint(false)
                    .build())
                .build();
            mapper.writeValueAsString(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 2,
                McpSchema.ListToolsResult.builder(List.of(tool)).build(), null));
        }
        catch (final IOException | RuntimeException ex)
        {
            LoggerFactory.getLogger(HandshakeRehearsal.class)
                .debug("handshake rehearsal stopped early: {}", ex.toString());
        }
    }
}
