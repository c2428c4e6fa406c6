package io.rtt.engine.panel;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.flight.RecordingStatus;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.telemetry.MetricsReport;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks a workspace's running panel over its control socket ({@link PanelControl}): its status, its routes' windowed
 * metrics, its flight recording or a dump of it, or that it stop. Every exchange is bounded: it connects, writes
 * and reads against one deadline, and refuses an answer over {@link #MAX_ANSWER_BYTES}.
 * <pre>{@code
 * PanelStatus status = PanelClient.status(engine.workspace());
 * MetricsReport last30s = PanelClient.metrics(engine.workspace(), "api->catalog", 30);
 * }</pre>
 * Stateless and thread-safe: each call opens its own connection.
 */
public final class PanelClient
{
    /** How long one exchange may take, connect to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Largest answer accepted, in bytes. */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private PanelClient()
    {
    }

    /**
     * Whether a live panel, in this process or another, serves the workspace: it holds the workspace's panel lock.
     *
     * @param workspace the workspace.
     * @return true when one does.
     */
    public static boolean running(final Workspace workspace)
    {
        return PanelLock.isHeld(workspace);
    }

    /**
     * The running panel's status.
     *
     * @param workspace the workspace.
     * @return what the panel says of itself and its routes.
     * @throws RttException {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer.
     */
    public static PanelStatus status(final Workspace workspace)
    {
        return Json.MAPPER.treeToValue(call(workspace, request("status")), PanelStatus.class);
    }

    /**
     * The running panel's routes' metrics over a recent window.
     *
     * @param workspace     the workspace.
     * @param route         the one route to report, or null for every live route.
     * @param windowSeconds the window, 1 to {@link io.rtt.engine.telemetry.RouteMetrics#WINDOW_SLICES} seconds.
     * @return each route's window.
     * @throws RttException {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer,
     *                      {@code BAD_INPUT} when the panel refuses the query (a route it does not serve).
     */
    public static MetricsReport metrics(final Workspace workspace, final @Nullable String route,
        final int windowSeconds)
    {
        final ObjectNode request = request("metrics");
        if (route != null)
        {
            request.put("route", route);
        }
        request.put("windowSeconds", windowSeconds);
        return Json.MAPPER.treeToValue(call(workspace, request), MetricsReport.class);
    }

    /**
     * The running panel's flight recording: whether it runs, its bounds, and the dumps kept.
     *
     * @param workspace the workspace.
     * @return the recording's status.
     * @throws RttException {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer.
     */
    public static RecordingStatus recording(final Workspace workspace)
    {
        return Json.MAPPER.treeToValue(call(workspace, request("record")), RecordingStatus.class);
    }

    /**
     * Asks the running panel to dump its flight recording under {@code .rtt/recordings/}.
     *
     * @param workspace the workspace.
     * @param reason    why: letters, digits, {@code -} and {@code _}; it names the file.
     * @return the dump the panel wrote.
     * @throws RttException {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer,
     *                      {@code BAD_INPUT} when the panel refuses (a bad reason, no recording kept).
     */
    public static RecordingStatus.Dump dumpRecording(final Workspace workspace, final String reason)
    {
        final ObjectNode request = request("record");
        request.put("dump", true);
        request.put("reason", reason);
        return Json.MAPPER.treeToValue(call(workspace, request), RecordingStatus.Dump.class);
    }

    /**
     * Asks the running panel to stop; it answers first, then stops.
     *
     * @param workspace the workspace.
     * @return the process id of the panel that is stopping.
     * @throws RttException {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer.
     */
    public static long stop(final Workspace workspace)
    {
        return call(workspace, request("stop")).path("pid").asLong();
    }

    /**
     * The message that says no panel serves a workspace, and how to start one.
     *
     * @param workspace the workspace.
     * @return the message.
     */
    public static String notRunning(final Workspace workspace)
    {
        return "no panel serves this workspace: run `rtt serve --detach " + workspace.root() + "`";
    }

    private static ObjectNode request(final String verb)
    {
        final ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("format", PanelControl.FORMAT);
        request.put("verb", verb);
        return request;
    }

    /**
     * Asks the running panel to probe a route's driver from inside: its backend, not its lane (for a shm lane whose
     * one client is connected).
     *
     * @param workspace the workspace.
     * @param route     the route.
     * @param timeout   how long the driver may take to answer, 1 ms to 60 s.
     * @return live, or why not.
     * @throws RttException {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer.
     */
    public static ProbeAnswer probe(final Workspace workspace, final String route, final Duration timeout)
    {
        final ObjectNode request = request("probe");
        request.put("route", route);
        request.put("timeoutMs", timeout.toMillis());
        return Json.MAPPER.treeToValue(call(workspace, request, timeout.plus(TIMEOUT)), ProbeAnswer.class);
    }

    /**
     * Arms a canary on the running panel, before its plan is committed.
     *
     * @param workspace the workspace.
     * @param base      the graph the panel serves now.
     * @param target    the plan's graph.
     * @param fraction  the canaries' share of each changed route's messages, above 0 and below 1.
     * @param maxWait   how long the canary may run before it is judged on what it has, 1 s to an hour.
     * @return the armed canary.
     * @throws RttException {@code BAD_INPUT} when the panel refuses (a canary already runs, it serves another graph),
     *                      {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer.
     */
    public static CanaryStatus armCanary(final Workspace workspace, final String base, final String target,
        final double fraction, final Duration maxWait)
    {
        final ObjectNode request = request("canary");
        request.put("action", "arm");
        request.put("base", base);
        request.put("target", target);
        request.put("fraction", fraction);
        request.put("maxSeconds", maxWait.toSeconds());
        return Json.MAPPER.treeToValue(call(workspace, request), CanaryStatus.class);
    }

    /**
     * The running panel's canary: armed, running, or the last ended.
     *
     * @param workspace the workspace.
     * @return its status.
     * @throws RttException {@code BAD_INPUT} when the panel has run none, {@code REFUSED} when no panel serves the
     *                      workspace, {@code IO} when it does not answer.
     */
    public static CanaryStatus canary(final Workspace workspace)
    {
        final ObjectNode request = request("canary");
        request.put("action", "status");
        return Json.MAPPER.treeToValue(call(workspace, request), CanaryStatus.class);
    }

    /**
     * Cancels the armed canary of a plan that was not committed after all.
     *
     * @param workspace the workspace.
     * @return its status.
     * @throws RttException {@code BAD_INPUT} when none is armed, as for {@link #canary}.
     */
    public static CanaryStatus cancelCanary(final Workspace workspace)
    {
        final ObjectNode request = request("canary");
        request.put("action", "cancel");
        return Json.MAPPER.treeToValue(call(workspace, request), CanaryStatus.class);
    }

    /** Sends a request to the workspace's panel and returns the result of its answer. */
    private static JsonNode call(final Workspace workspace, final ObjectNode request)
    {
        return call(workspace, request, TIMEOUT);
    }

    /** Sends a request to the workspace's panel and returns the result of its answer within the timeout. */
    private static JsonNode call(final Workspace workspace, final ObjectNode request, final Duration timeout)
    {
        if (!running(workspace))
        {
            throw new RttException(RttException.Kind.REFUSED, notRunning(workspace));
        }
        final Path socket = PanelControl.socketPath(workspace);
        final byte[] answer;
        try
        {
            answer = exchange(socket, CanonicalJson.bytes(request), timeout);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "the panel serving this workspace does not answer on " +
                socket + " (" + ex.getMessage() + "); it may be starting, or stopping: see " +
                workspace.layout().panelLogFile(), ex);
        }
        final JsonNode tree;
        try
        {
            tree = Json.MAPPER.readTree(answer);
        }
        catch (final JacksonException ex)
        {
            throw new RttException(RttException.Kind.IO, "the panel's answer on " + socket + " is not JSON: " +
                ex.getOriginalMessage(), ex);
        }
        if (!tree.path("ok").asBoolean(false))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "the panel refused the request: " +
                tree.path("error").asString("(no reason given)"));
        }
        return tree.path("result");
    }

    /**
     * One request and its answer over a control socket, each a 4-byte little-endian length and that many bytes.
     *
     * @param socket  the control socket.
     * @param request the request's body.
     * @param timeout how long connecting, writing and reading may take together.
     * @return the answer's body.
     * @throws IOException when the socket cannot be reached, the panel closes the connection, the answer is over
     *                     {@link #MAX_ANSWER_BYTES}, or the time runs out.
     */
    static byte[] exchange(final Path socket, final byte[] request, final Duration timeout) throws IOException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            Selector selector = Selector.open())
        {
            channel.configureBlocking(false);
            final SelectionKey key = channel.register(selector, 0);
            // a full accept backlog makes a connect wait: it too is bounded by the deadline
            if (!channel.connect(UnixDomainSocketAddress.of(socket)))
            {
                while (!channel.finishConnect())
                {
                    await(selector, key, SelectionKey.OP_CONNECT, deadlineNs);
                }
            }
            final ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + request.length).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(request.length).put(request).flip();
            while (out.hasRemaining())
            {
                if (channel.write(out) == 0)
                {
                    await(selector, key, SelectionKey.OP_WRITE, deadlineNs);
                }
            }
            final ByteBuffer length = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, selector, key, length, deadlineNs);
            final int bytes = length.getInt(0);
            if (bytes < 0 || bytes > MAX_ANSWER_BYTES)
            {
                throw new IOException("answer of " + Integer.toUnsignedString(bytes) + " bytes is over the " +
                    MAX_ANSWER_BYTES + "-byte limit");
            }
            final ByteBuffer body = ByteBuffer.allocate(bytes);
            readFully(channel, selector, key, body, deadlineNs);
            return body.array();
        }
    }

    private static void readFully(final SocketChannel channel, final Selector selector, final SelectionKey key,
        final ByteBuffer into, final long deadlineNs) throws IOException
    {
        while (into.hasRemaining())
        {
            final int read = channel.read(into);
            if (read < 0)
            {
                throw new EOFException("the panel closed the connection before it answered");
            }
            if (read == 0)
            {
                await(selector, key, SelectionKey.OP_READ, deadlineNs);
            }
        }
    }

    private static void await(final Selector selector, final SelectionKey key, final int ops, final long deadlineNs)
        throws IOException
    {
        final long leftNs = deadlineNs - System.nanoTime();
        if (leftNs <= 0)
        {
            throw new SocketTimeoutException("no answer in time");
        }
        key.interestOps(ops);
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs)));
        selector.selectedKeys().clear();
    }
}
