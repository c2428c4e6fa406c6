package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.modelcontextprotocol.server.McpSyncServer;
import io.rtt.engine.Engine;
import io.rtt.engine.json.Json;
import io.rtt.server.mcp.McpServers;
import io.rtt.server.mcp.StdioTransportProvider;
import io.rtt.tools.ToolJson;
import io.rtt.tools.Toolpack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The stdio transport in process, over in-memory streams: bad lines get JSON-RPC errors and serving goes on;
 * closing input lets in-flight replies finish.
 */
@Timeout(60)
class StdioTransportTest
{
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":" +
        "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    @TempDir
    Path dir;

    @Test
    void shouldAnswerBadLinesWithErrorsAndKeepServing() throws Exception
    {
        final List<JsonNode> replies = serve(64 * 1024,
            INIT,
            "this is not json",
            "[{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}]",
            "{\"jsonrpc\":\"1.0\",\"id\":8,\"method\":\"ping\"}",
            "{\"id\":9}",
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\",\"params\":\"" + "x".repeat(70 * 1024) + "\"}",
            INITIALIZED,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

        assertEquals(1, replies.get(0).get("id").asInt());
        assertError(replies.get(1), null, -32700, "parse error: Unrecognized token 'this'");
        assertError(replies.get(2), null, -32600,
            "batch requests are not supported; send one JSON-RPC message per line");
        assertError(replies.get(3), 8, -32600, "jsonrpc must be \"2.0\"");
        assertError(replies.get(4), 9, -32600, "jsonrpc must be \"2.0\"");
        assertError(replies.get(5), null, -32600, "request line exceeds 65536 bytes; skipped");
        assertEquals(2, replies.get(6).get("id").asInt());
        assertEquals("rtt_scan", replies.get(6).at("/result/tools/0/name").asString());
    }

    @Test
    void shouldFinishInflightRepliesAfterInputCloses() throws Exception
    {
        final List<JsonNode> replies = serve(StdioTransportProvider.DEFAULT_MAX_LINE_BYTES,
            INIT,
            INITIALIZED,
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"rtt_scan\"," +
                "\"arguments\":{\"refresh\":true}}}");

        final List<JsonNode> responses = replies.stream().filter(reply -> reply.has("id")).toList();
        assertEquals(2, responses.size());
        assertEquals(3, responses.get(1).get("id").asInt());
        assertEquals(7, responses.get(1).at("/result/structuredContent/counts/components").asInt());
        assertEquals("notifications/message", replies.get(1).get("method").asString(), "the scan's info line");
    }

    @Test
    void shouldAnswerMalformedToolCallsWithInvalidParamsInPlainWords() throws Exception
    {
        final List<JsonNode> replies = serve(64 * 1024,
            INIT,
            INITIALIZED,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"rtt_scan\"," +
                "\"arguments\":\"str\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"rtt_nope\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}",
            "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}");

        assertExactError(replies.get(1), 2, "the arguments of rtt_scan must be a JSON object, not a string\nNext: " +
            "send arguments as an object of named values, e.g. {\"path\": \"api\"}, or leave them out; the tool's " +
            "input schema names them.");
        assertExactError(replies.get(2), 3, "unknown tool 'rtt_nope'; the tools are rtt_scan, rtt_doctor, " +
            "rtt_doctor_fix, rtt_plan, rtt_apply, rtt_rollback, rtt_log, rtt_routes, rtt_panel, rtt_metrics, " +
            "rtt_verify, rtt_query, rtt_generate\nNext: call one of them (tools/list describes each).");
        assertExactError(replies.get(3), 4, "tools/call needs params, an object with the tool's name and its " +
            "arguments\nNext: send {\"name\": \"rtt_scan\", \"arguments\": {}}; tools/list names the tools.");
        assertExactError(replies.get(4), 5, "tools/call needs the tool's name, a string, in params.name\nNext: name " +
            "one of rtt_scan, rtt_doctor, rtt_doctor_fix, rtt_plan, rtt_apply, rtt_rollback, rtt_log, rtt_routes, " +
            "rtt_panel, rtt_metrics, rtt_verify, rtt_query, rtt_generate (tools/list describes each).");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}", replies.get(5).toString(),
            "a cancellation of no call in flight is ignored");
        assertEquals(6, replies.size());
    }

    private static void assertExactError(final JsonNode reply, final int id, final String message)
    {
        assertEquals(id, reply.get("id").asInt(), reply.toString());
        assertEquals(-32602, reply.at("/error/code").asInt(), reply.toString());
        assertEquals(message, reply.at("/error/message").asString());
    }

    private List<JsonNode> serve(final int maxLineBytes, final String... lines) throws Exception
    {
        final byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final StdioTransportProvider stdio = new StdioTransportProvider(
            ToolJson.MAPPER, new ByteArrayInputStream(input), output, maxLineBytes);
        final McpSyncServer server =
            McpServers.build(new Toolpack(Engine.open(TestWorkspaces.shop(dir))), stdio);
        try
        {
            stdio.serve();
        }
        finally
        {
            server.close();
        }
        return Arrays.stream(output.toString(StandardCharsets.UTF_8).split("\n"))
            .map(line -> Json.MAPPER.readTree(line))
            .toList();
    }

    private static void assertError(final JsonNode reply, final Integer id, final int code, final String message)
    {
        assertEquals(id == null ? "null" : String.valueOf(id), reply.get("id").toString());
        assertEquals(code, reply.at("/error/code").asInt());
        assertTrue(reply.at("/error/message").asString().startsWith(message), reply.toString());
    }
}
