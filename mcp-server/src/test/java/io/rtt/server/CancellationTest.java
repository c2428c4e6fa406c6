package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.SynchronousQueue;

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
 * {@code notifications/cancelled} over the stdio transport, in process: a client cancels a scan of a large tree while
 * it walks, and the walk stops, the scan writes nothing, no response is sent for the cancelled request, and the
 * server goes on serving.
 * <p>
 * The client's end of each stream is a rendezvous: the server's write of a line waits until the client takes it, and
 * the client's write of a line returns only once the server has dispatched the line before. So a walking thread
 * stops at its next progress notification until the client reads on, and the client knows when its cancellation has
 * been acted on, without a sleep. While the client holds back, each thread of the walk (the fork-join pool adds
 * spares when its workers wait) can reach one more notification, every 4096 files: here four, so the walk stops
 * near 16,500 of 60,000 files.
 */
@Timeout(120)
class CancellationTest
{
    private static final int DIRECTORIES = 600;
    private static final int FILES_PER_DIRECTORY = 100;
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":" +
        "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @TempDir
    Path dir;

    @Test
    void shouldStopCancelledScanAnswerNothingAndKeepServing() throws Exception
    {
        final int total = tree(dir);
        final Rendezvous toServer = new Rendezvous();
        final Rendezvous fromServer = new Rendezvous();
        final StdioTransportProvider stdio = new StdioTransportProvider(ToolJson.MAPPER, toServer.input(),
            fromServer.output(), StdioTransportProvider.DEFAULT_MAX_LINE_BYTES);
        final McpSyncServer server = McpServers.build(new Toolpack(Engine.open(dir)), stdio);
        final Thread serving = new Thread(stdio::serve, "rtt-test-stdio");
        serving.start();
        try
        {
            toServer.send(INIT);
            assertEquals(1, fromServer.response().get("id").asInt());
            toServer.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            toServer.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"rtt_scan\"," +
                "\"arguments\":{},\"_meta\":{\"progressToken\":\"scan\"}}}");
            final JsonNode first = fromServer.take();
            assertEquals("walk 4096", first.at("/params/message").asString(), first.toString());

            toServer.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2," +
                "\"reason\":\"the user changed their mind\"}}");
            toServer.send(""); // returns once the cancellation before it was dispatched
            toServer.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"rtt_scan\"," +
                "\"arguments\":{\"path\":\"d0\"}}}");

            final List<JsonNode> before = new ArrayList<>(List.of(first));
            JsonNode line;
            while ((line = fromServer.take()).get("id") == null)
            {
                before.add(line);
            }
            assertEquals(3, line.get("id").asInt(), "no response for the cancelled request: " + line);
            assertEquals(FILES_PER_DIRECTORY, line.at("/result/structuredContent/filesVisited").asInt());
            final double walked = before.stream().mapToDouble(n -> n.at("/params/progress").asDouble()).max()
                .orElseThrow();
            assertTrue(walked < total / 2.0, "the walk stopped early: " + walked + " of " + total + " files");
            assertFalse(Files.exists(dir.resolve(".rtt/index/symbols.index.json")), "a cancelled scan writes nothing");

            toServer.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"rtt_scan\"," +
                "\"arguments\":{}}}");
            final JsonNode whole = fromServer.response();
            assertEquals(4, whole.get("id").asInt());
            assertEquals(total, whole.at("/result/structuredContent/filesVisited").asInt(), "still serving");
        }
        finally
        {
            toServer.close();
            serving.join();
            server.close();
        }
    }

    /** A tree of many small files in many directories; returns how many files it holds. */
    private static int tree(final Path root) throws Exception
    {
        for (int d = 0; d < DIRECTORIES; d++)
        {
            final Path directory = Files.createDirectories(root.resolve("d" + d));
            for (int f = 0; f < FILES_PER_DIRECTORY; f++)
            {
                Files.createFile(directory.resolve("f" + f + ".txt"));
            }
        }
        return DIRECTORIES * FILES_PER_DIRECTORY;
    }

    /**
     * One direction of a stdio pipe as a rendezvous of chunks: a writer's chunk is handed over only when the reader
     * asks for the next, so a write returns once everything before it has been read.
     */
    private static final class Rendezvous
    {
        private static final byte[] END = new byte[0];

        private final SynchronousQueue<byte[]> chunks = new SynchronousQueue<>();

        /** Hands a line to the server; returns once the server asked for more, having dispatched earlier lines. */
        void send(final String line) throws InterruptedException
        {
            chunks.put((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** Takes the server's lines up to the next response, passing over notifications. */
        JsonNode response() throws InterruptedException
        {
            JsonNode line;
            do
            {
                line = take();
            }
            while (line.get("id") == null);
            return line;
        }

        /** Takes the server's next line. */
        JsonNode take() throws InterruptedException
        {
            final String line = new String(chunks.take(), StandardCharsets.UTF_8).strip();
            return Json.MAPPER.readTree(line);
        }

        void close() throws InterruptedException
        {
            chunks.put(END);
        }

        InputStream input()
        {
            return new InputStream()
            {
                private byte[] chunk = new byte[0];
                private int next;

                @Override
                public int read()
                {
                    while (chunk != END && next == chunk.length)
                    {
                        try
                        {
                            chunk = chunks.take();
                            next = 0;
                        }
                        catch (final InterruptedException ex)
                        {
                            Thread.currentThread().interrupt();
                            return -1;
                        }
                    }
                    return chunk == END ? -1 : chunk[next++] & 0xff;
                }
            };
        }

        OutputStream output()
        {
            return new OutputStream()
            {
                @Override
                public void write(final int b)
                {
                    write(new byte[] {(byte)b}, 0, 1);
                }

                @Override
                public void write(final byte[] bytes, final int offset, final int length)
                {
                    try
                    {
                        chunks.put(Arrays.copyOfRange(bytes, offset, offset + length));
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }
}
