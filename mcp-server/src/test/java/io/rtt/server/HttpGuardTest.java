package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP transport's guard, over raw sockets so every header (Host included) is what the test says.
 */
@Timeout(120)
class HttpGuardTest
{
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":" +
        "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @TempDir
    static Path dir;

    private static RttHttpProcess server;
    private static Path workspace;
    private static int port;

    @BeforeAll
    static void start() throws Exception
    {
        workspace = TestWorkspaces.shop(dir);
        server = new RttHttpProcess(workspace, null);
        port = URI.create(server.url).getPort();
    }

    @AfterAll
    static void stop() throws InterruptedException
    {
        server.close();
    }

    @Test
    void shouldGenerateTokenFileWithOwnerOnlyMode() throws IOException
    {
        final Path token = workspace.resolve(".rtt/mcp.token");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertTrue(server.stderr.toString().contains("bearer token generated into " + token.toRealPath()));
    }

    @Test
    void shouldRejectMissingTokenWith401() throws IOException
    {
        final String response = post("127.0.0.1:" + port, null, null, INIT);

        assertTrue(response.startsWith("HTTP/1.1 401"), response);
        assertTrue(response.contains("WWW-Authenticate: Bearer"), response);
    }

    @Test
    void shouldRejectWrongTokenWith401() throws IOException
    {
        assertTrue(post("127.0.0.1:" + port, "nope", null, INIT).startsWith("HTTP/1.1 401"));
    }

    @Test
    void shouldRejectForeignOriginWith403() throws IOException
    {
        final String response = post("127.0.0.1:" + port, token(), "http://evil.example", INIT);

        assertTrue(response.startsWith("HTTP/1.1 403"), response);
        assertTrue(response.endsWith("{\"error\":\"forbidden Origin header: http://evil.example\"}"), response);
    }

    @Test
    void shouldRejectForeignHostWith403() throws IOException
    {
        final String response = post("rebind.evil.example:" + port, token(), null, INIT);

        assertTrue(response.startsWith("HTTP/1.1 403"), response);
    }

    @Test
    void shouldAcceptLoopbackOriginAndToken() throws IOException
    {
        final String response = post("localhost:" + port, token(), "http://localhost:6274", INIT);

        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.contains("\"serverInfo\":{\"name\":\"rtt\""), response);
    }

    @Test
    void shouldAnswerMalformedBodyWithoutStackTrace() throws IOException
    {
        final String response = post("127.0.0.1:" + port, token(), null, "{not json");

        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertFalse(response.contains("stackTrace"), response);
        assertFalse(response.contains("at io."), response);
        assertTrue(post("127.0.0.1:" + port, token(), null, INIT).startsWith("HTTP/1.1 200"), "still serving");
    }

    @Test
    void shouldRefuseOversizedBodyWith413InPlainWords() throws IOException
    {
        final String response = post("127.0.0.1:" + port, token(), null, "{}", 4 * 1024 * 1024 + 1, null);

        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.endsWith("{\"error\":\"the request body of 4194305 bytes exceeds the limit of 4194304 " +
            "bytes; send one JSON-RPC message of at most that size per request\"}"), response);
    }

    @Test
    void shouldAnswerToolCallWithStringArgumentsWithInvalidParamsInPlainWords() throws IOException
    {
        final String initialized = post("127.0.0.1:" + port, token(), null, INIT);
        final Matcher session = Pattern.compile("Mcp-Session-Id: (\\S+)").matcher(initialized);
        assertTrue(session.find(), initialized);

        final String response = post("127.0.0.1:" + port, token(), null, "{\"jsonrpc\":\"2.0\",\"id\":2," +
            "\"method\":\"tools/call\",\"params\":{\"name\":\"rtt_scan\",\"arguments\":\"str\"}}", -1,
            session.group(1));

        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.endsWith("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":" +
            "\"the arguments of rtt_scan must be a JSON object, not a string\\nNext: send arguments as an object of " +
            "named values, e.g. {\\\"path\\\": \\\"api\\\"}, or leave them out; the tool's input schema names " +
            "them.\"}}"), response);
    }

    @Test
    void shouldAcceptCancellationOfNoCallInFlightWith202() throws IOException
    {
        final String initialized = post("127.0.0.1:" + port, token(), null, INIT);
        final Matcher session = Pattern.compile("Mcp-Session-Id: (\\S+)").matcher(initialized);
        assertTrue(session.find(), initialized);

        final String response = post("127.0.0.1:" + port, token(), null, "{\"jsonrpc\":\"2.0\",\"method\":" +
            "\"notifications/cancelled\",\"params\":{\"requestId\":7}}", -1, session.group(1));

        assertTrue(response.startsWith("HTTP/1.1 202"), response);
    }

    @Test
    void shouldAnswerOthersWhileManyClientsTrickleTheirBodies() throws IOException
    {
        final List<Socket> slow = new ArrayList<>();
        try
        {
            for (int i = 0; i < 80; i++)
            {
                final Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" +
                    "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n" +
                    "Authorization: Bearer " + token() + "\r\nContent-Length: 100000\r\n\r\n{").getBytes(
                    StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }

            // bounded well below the 30 s a stalled pool took to free a thread
            final String response = post("127.0.0.1:" + port, token(), null, INIT, -1, null, 10_000);

            assertTrue(response.startsWith("HTTP/1.1 200"), response);
        }
        finally
        {
            for (final Socket socket : slow)
            {
                socket.close();
            }
        }
    }

    private static String token() throws IOException
    {
        return Files.readString(workspace.resolve(".rtt/mcp.token")).strip();
    }

    private static String post(final String host, final String token, final String origin, final String body)
        throws IOException
    {
        return post(host, token, origin, body, -1, null);
    }

    /**
     * Posts a body; {@code declaredLength} other than -1 declares a length the body does not have (the server must
     * refuse it before reading it), {@code session} names an MCP session.
     */
    private static String post(final String host, final String token, final String origin, final String body,
        final long declaredLength, final String session) throws IOException
    {
        return post(host, token, origin, body, declaredLength, session, 30_000);
    }

    private static String post(final String host, final String token, final String origin, final String body,
        final long declaredLength, final String session, final int readTimeoutMs) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        final StringBuilder request = new StringBuilder()
            .append("POST /mcp HTTP/1.1\r\n")
            .append("Host: ").append(host).append("\r\n")
            .append("Content-Type: application/json\r\n")
            .append("Accept: application/json, text/event-stream\r\n")
            .append("Content-Length: ").append(declaredLength == -1 ? bytes.length : declaredLength).append("\r\n")
            .append("Connection: close\r\n");
        if (session != null)
        {
            request.append("Mcp-Session-Id: ").append(session).append("\r\n");
        }
        if (token != null)
        {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (origin != null)
        {
            request.append("Origin: ").append(origin).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port))
        {
            socket.setSoTimeout(readTimeoutMs);
            final OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            final InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
