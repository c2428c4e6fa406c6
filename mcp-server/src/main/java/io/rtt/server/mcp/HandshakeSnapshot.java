package io.rtt.server.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.LoggerFactory;

/**
 * This build's own replies to the messages that open an MCP session ({@code initialize}, and {@code tools/list},
 * {@code prompts/list}, {@code resources/list}, {@code resources/templates/list} without a cursor), as its server wrote
 * them in an earlier run, so that a new process can answer them while its toolpack and server are still being built.
 * None of them depends on the workspace: server info, capabilities, instructions and the definitions of tools,
 * prompts, resources and templates are fixed by the build. The launcher records the file when it trains the start-up
 * archive, again whenever the jar changes, and names it in the system property {@value #PROPERTY}.
 * <p>
 * The file holds the server's reply lines as its transport wrote them; a line is recognised by the first member of its
 * result, and lines that are not such replies are ignored. A reply built from it differs from the server's own only
 * in the id and in the negotiated protocol version, which the transport decides by the server's rule. A file
 * without an {@code initialize} reply yields {@link #NONE}, and every message is then left to the server.
 * <p>
 * Immutable and thread-safe.
 */
public final class HandshakeSnapshot
{
    /** System property naming the snapshot file. */
    public static final String PROPERTY = "rtt.mcp.handshake";

    /** No snapshot: the server answers every message itself. */
    public static final HandshakeSnapshot NONE = new HandshakeSnapshot(Map.of());

    private static final String REPLY_START = "{\"jsonrpc\":\"2.0\",\"id\":";
    private static final String RESULT = ",\"result\":";
    private static final String VERSION_FIRST = "{\"protocolVersion\":\"";
    /** Each answered method, by the first member of its result. */
    private static final Map<String, String> METHOD_BY_RESULT_START = Map.of(
        VERSION_FIRST, McpSchema.METHOD_INITIALIZE,
        "{\"tools\":[", McpSchema.METHOD_TOOLS_LIST,
        "{\"prompts\":[", McpSchema.METHOD_PROMPT_LIST,
        "{\"resources\":[", McpSchema.METHOD_RESOURCES_LIST,
        "{\"resourceTemplates\":[", McpSchema.METHOD_RESOURCES_TEMPLATES_LIST);

    /** Result by method; the initialize result starts after its protocol version's closing quote. */
    private final Map<String, String> results;

    private HandshakeSnapshot(final Map<String, String> results)
    {
        this.results = Map.copyOf(results);
    }

    /**
     * The snapshot the system property {@value #PROPERTY} names.
     *
     * @return the snapshot, or {@link #NONE} if the property is unset or its file unusable.
     */
    public static HandshakeSnapshot fromSystemProperty()
    {
        final String file = System.getProperty(PROPERTY, "");
        return file.isEmpty() ? NONE : read(Path.of(file));
    }

    /**
     * Reads a snapshot file.
     *
     * @param file the recorded reply lines.
     * @return the snapshot, or {@link #NONE} if the file is missing, unreadable or holds no initialize reply.
     */
    public static HandshakeSnapshot read(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            LoggerFactory.getLogger(HandshakeSnapshot.class).debug("no handshake snapshot: {}", ex.toString());
            return NONE;
        }
        final Map<String, String> results = new HashMap<>();
        for (final String line : lines)
        {
            final int result = line.indexOf(RESULT);
            if (!line.startsWith(REPLY_START) || result < 0 || !line.endsWith("}") ||
                !isDigits(line, REPLY_START.length(), result))
            {
                continue;
            }
            final String value = line.substring(result + RESULT.length(), line.length() - 1);
            for (final Map.Entry<String, String> start : METHOD_BY_RESULT_START.entrySet())
            {
                if (value.startsWith(start.getKey()))
                {
                    results.put(start.getValue(), start.getValue().equals(McpSchema.METHOD_INITIALIZE) ?
                        value.substring(value.indexOf('"', VERSION_FIRST.length())) : value);
                }
            }
        }
        if (!results.containsKey(McpSchema.METHOD_INITIALIZE))
        {
            LoggerFactory.getLogger(HandshakeSnapshot.class).warn(
                "ignoring handshake snapshot {}: it holds no initialize reply", file);
            return NONE;
        }
        return new HandshakeSnapshot(results);
    }

    /**
     * Whether this snapshot answers nothing.
     *
     * @return true for {@link #NONE}.
     */
    public boolean isEmpty()
    {
        return results.isEmpty();
    }

    /**
     * Whether this snapshot answers a method.
     *
     * @param method a request's method.
     * @return true if a reply to it was recorded.
     */
    boolean answers(final String method)
    {
        return results.containsKey(method);
    }

    /**
     * The reply line to an {@code initialize}.
     *
     * @param id              the request's id as JSON.
     * @param protocolVersion the protocol version the server settles on for this client, one of its own.
     * @return the JSON-RPC reply, without its line end.
     */
    String initializeReply(final String id, final String protocolVersion)
    {
        // A builder, not +: see HandshakeRequest.
        return new StringBuilder(REPLY_START).append(id).append(RESULT).append(VERSION_FIRST).append(protocolVersion)
            .append(results.get(McpSchema.METHOD_INITIALIZE)).append('}').toString();
    }

    /**
     * The reply line to a list request this snapshot {@link #answers(String) answers}.
     *
     * @param id     the request's id as JSON.
     * @param method the request's method.
     * @return the JSON-RPC reply, without its line end.
     */
    String listReply(final String id, final String method)
    {
        return new StringBuilder(REPLY_START).append(id).append(RESULT).append(results.get(method)).append('}')
            .toString();
    }

    private static boolean isDigits(final String text, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (text.charAt(i) < '0' || text.charAt(i) > '9')
            {
                return false;
            }
        }
        return to > from;
    }
}
