package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.modelcontextprotocol.server.McpSyncServer;
import io.rtt.engine.Engine;
import io.rtt.engine.json.Json;
import io.rtt.server.mcp.HandshakeSnapshot;
import io.rtt.server.mcp.McpServers;
import io.rtt.server.mcp.StdioTransportProvider;
import io.rtt.tools.ToolJson;
import io.rtt.tools.Toolpack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The stdio transport with a handshake snapshot: it answers a client's handshake as the server would, before the
 * server exists, holds everything else until the server opens it, and the server's session still sees the
 * {@code initialize}.
 */
@Timeout(60)
class StdioHandshakeSnapshotTest
{
    /** What the launcher's training sends, and records the replies of. */
    private static final List<String> TRAINING = List.of(
        initialize("1", "2025-06-18"),
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/templates/list\"}");
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    @Test
    void shouldAnswerTheHandshakeAsTheServerWouldBeforeTheServerIsBuilt() throws Exception
    {
        final HandshakeSnapshot snapshot = record();
        final List<String> handshake = List.of(
            initialize("\"client-1\"", "2024-11-05"),
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"prompts/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"resources/templates/list\"}");
        final List<String> expected = serveBuilt(handshake);

        final PipedOutputStream client = new PipedOutputStream();
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final StdioTransportProvider stdio = new StdioTransportProvider(() -> ToolJson.MAPPER,
            new PipedInputStream(client, 1 << 20), output, StdioTransportProvider.DEFAULT_MAX_LINE_BYTES, snapshot);
        final Thread reader = new Thread(stdio::serve, "test-stdin");
        reader.start();
        send(client, handshake);
        send(client, List.of("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"ping\"}"));

        // No server exists yet: the four replies come from the snapshot, byte for byte the server's own.
        final List<String> early = awaitLines(output, 4);
        assertEquals(expected, early);

        final McpSyncServer server = McpServers.build(new Toolpack(Engine.open(TestWorkspaces.shop(dir))), stdio);
        try
        {
            stdio.open();
            send(client, List.of("{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":" +
                "{\"name\":\"rtt_scan\",\"arguments\":{\"limit\":1}}}"));
            final List<JsonNode> replies = awaitLines(output, 6).stream().map(Json.MAPPER::readTree).toList();
            client.close();
            reader.join();

            // The held ping is answered once the server opens, and the initialized session runs a tool.
            assertEquals(11, reply(replies, "11").get("id").asInt());
            final JsonNode scan = reply(replies, "12");
            assertFalse(scan.at("/result/isError").asBoolean(), scan.toString());
            assertEquals(7, scan.at("/result/structuredContent/counts/components").asInt());
            // The server's own reply to the initialize it replayed is not written a second time.
            assertEquals(1, replies.stream().filter(r -> "\"client-1\"".equals(r.get("id").toString())).count());
            assertEquals(6, awaitLines(output, 6).size());
        }
        finally
        {
            server.close();
        }
    }

    @Test
    void shouldSettleTheProtocolVersionAsTheServerDoes() throws Exception
    {
        final HandshakeSnapshot snapshot = record();
        for (final String version : new String[] {"2025-03-26", "1999-01-01"})
        {
            final List<String> lines = List.of(initialize("3", version));
            final List<String> expected = serveBuilt(lines);
            final ByteArrayOutputStream output = new ByteArrayOutputStream();
            final StdioTransportProvider stdio = new StdioTransportProvider(() -> ToolJson.MAPPER,
                input(lines), output, StdioTransportProvider.DEFAULT_MAX_LINE_BYTES, snapshot);
            final Thread reader = new Thread(stdio::serve, "test-stdin");
            reader.start();
            assertEquals(expected, awaitLines(output, 1), version);
            final McpSyncServer server =
                McpServers.build(new Toolpack(Engine.open(TestWorkspaces.shop(dir.resolve(version)))), stdio);
            try
            {
                stdio.open();
                reader.join();
                assertEquals(expected, lines(output), version);
            }
            finally
            {
                server.close();
            }
        }
    }

    @Test
    void shouldLeaveEverythingToTheServerWithoutAnInitializeReply() throws Exception
    {
        final Path file = dir.resolve("partial.jsonl");
        Files.writeString(file, serveBuilt(TRAINING).get(1) + "\nnot a reply\n");

        assertTrue(HandshakeSnapshot.read(file).isEmpty());
        assertTrue(HandshakeSnapshot.read(dir.resolve("missing.jsonl")).isEmpty());
    }

    /** Records a snapshot as the launcher does: the replies of a built server to the training messages. */
    private HandshakeSnapshot record() throws IOException
    {
        final Path file = dir.resolve("rtt.handshake");
        Files.writeString(file, String.join("\n", serveBuilt(TRAINING)) + "\n");
        final HandshakeSnapshot snapshot = HandshakeSnapshot.read(file);
        assertFalse(snapshot.isEmpty());
        return snapshot;
    }

    /** The reply lines of a server built before it reads, to the given lines. */
    private List<String> serveBuilt(final List<String> lines) throws IOException
    {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final StdioTransportProvider stdio = new StdioTransportProvider(
            ToolJson.MAPPER, input(lines), output, StdioTransportProvider.DEFAULT_MAX_LINE_BYTES);
        final Path workspace = Files.createTempDirectory(dir, "built");
        final McpSyncServer server = McpServers.build(new Toolpack(Engine.open(TestWorkspaces.shop(workspace))), stdio);
        try
        {
            stdio.serve();
        }
        finally
        {
            server.close();
        }
        return lines(output);
    }

    private static String initialize(final String id, final String version)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" +
            version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }

    private static ByteArrayInputStream input(final List<String> lines)
    {
        return new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(final PipedOutputStream client, final List<String> lines) throws IOException
    {
        client.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        client.flush();
    }

    /** The replies written so far; the server's log notifications to the client are not replies. */
    private static List<String> lines(final ByteArrayOutputStream output)
    {
        final String text = output.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n"))
            .filter(line -> !line.contains("\"method\":\"notifications/")).toList();
    }

    /** Polls the output until it holds at least {@code count} lines; fails after the deadline. */
    private static List<String> awaitLines(final ByteArrayOutputStream output, final int count)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        List<String> lines = lines(output);
        while (lines.size() < count)
        {
            assertTrue(System.nanoTime() < deadline, "waited for " + count + " lines, have " + lines);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            lines = lines(output);
        }
        return lines;
    }

    private static JsonNode reply(final List<JsonNode> replies, final String id)
    {
        return replies.stream().filter(r -> id.equals(r.get("id").asString(""))).findFirst().orElseThrow();
    }
}
