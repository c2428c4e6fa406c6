package io.rtt.server.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.rtt.engine.json.Json;
import io.rtt.tools.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP stdio transport: newline-delimited JSON-RPC on the given streams, one session per process.
 * <p>
 * Unlike the SDK's stdio provider, which stops reading at the first bad line, this one answers a line that is not
 * JSON with {@code -32700}, and a line that is JSON but no JSON-RPC message, or too long, with {@code -32600}, and
 * keeps serving. Each message then passes the server's {@link CallIntake}: malformed tool calls are answered here,
 * cancellations act on the call they name. When input ends, replies still in flight are written before
 * {@link #serve()} returns.
 * <p>
 * Reading may start before the server on this transport is built: messages are held until {@link #open()}, then
 * dispatched in arrival order. Meanwhile a {@link HandshakeSnapshot} answers the client's {@code initialize} and the
 * lists it holds ({@code tools/list} and others) as this build's server would; the server still receives that
 * {@code initialize} when it opens, and its own reply to it, already given, is not written again.
 * <p>
 * Threads: {@link #serve()} runs the reader on the caller's thread; requests are handled on the SDK's schedulers;
 * writes to the output are serialised by one lock, held only for one line's write and flush.
 */
public final class StdioTransportProvider implements McpServerTransportProvider
{
    /** Longest line accepted, in bytes: larger requests are refused with -32600 and skipped. */
    public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** The one session of a stdio process, as far as request ids go. */
    private static final String SESSION = "stdio";

    private final Supplier<McpJsonMapper> mapperSupplier;
    private final InputStream in;
    private final OutputStream out;
    private final int maxLineBytes;
    private final HandshakeSnapshot snapshot;
    private final Object writeLock = new Object();
    private final ReentrantLock inflightLock = new ReentrantLock();
    private final Condition drained = inflightLock.newCondition();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object gate = new Object();
    private final List<Held> held = new ArrayList<>();
    private volatile boolean opened;
    private boolean answeredInitialize;
    private volatile Object answeredReplyId;
    private int inflight;
    private volatile McpJsonMapper mapper;
    private volatile McpServerSession session;
    private volatile CallIntake intake;

    /**
     * Creates the transport over two streams.
     *
     * @param mapper       JSON mapper of the MCP server.
     * @param in           where requests arrive, one per line.
     * @param out          where replies go, one per line; nothing else may write to it.
     * @param maxLineBytes longest request line accepted.
     */
    public StdioTransportProvider(
        final McpJsonMapper mapper, final InputStream in, final OutputStream out, final int maxLineBytes)
    {
        this(() -> mapper, in, out, maxLineBytes, HandshakeSnapshot.NONE);
    }

    /**
     * Creates the transport over two streams, with the replies it may give before its server is built.
     *
     * @param mapper       JSON mapper of the MCP server, asked for when the server is built on this transport (it is
     *                     slow to make, and reading starts without it).
     * @param in           where requests arrive, one per line.
     * @param out          where replies go, one per line; nothing else may write to it.
     * @param maxLineBytes longest request line accepted.
     * @param snapshot     this build's handshake replies, or {@link HandshakeSnapshot#NONE}.
     */
    public StdioTransportProvider(final Supplier<McpJsonMapper> mapper, final InputStream in, final OutputStream out,
        final int maxLineBytes, final HandshakeSnapshot snapshot)
    {
        if (maxLineBytes < 1)
        {
            throw new IllegalArgumentException("maxLineBytes < 1: " + maxLineBytes);
        }
        this.mapperSupplier = mapper;
        this.in = in;
        this.out = out;
        this.maxLineBytes = maxLineBytes;
        this.snapshot = snapshot;
    }

    /**
     * Sets what this transport does with each message before the SDK sees it: malformed tool calls answered with
     * plain words, cancellations honoured. {@link McpServers} sets it when it builds the server.
     *
     * @param intake the server's call intake.
     */
    void intake(final CallIntake intake)
    {
        this.intake = intake;
    }

    @Override
    public void setSessionFactory(final McpServerSession.Factory sessionFactory)
    {
        this.mapper = mapperSupplier.get();
        this.session = sessionFactory.create(new SessionTransport());
    }

    @Override
    public Mono<Void> notifyClients(final String method, final Object params)
    {
        return session == null ? Mono.empty() : session.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully()
    {
        return Mono.fromRunnable(() -> closed.set(true));
    }

    /**
     * Dispatches every message held so far, in arrival order, and from then on each as it arrives. Called once the
     * server built on this transport is ready; {@link #serve()} calls it itself if the server was built first.
     *
     * @throws IllegalStateException if no session factory was set (no server was built on this transport).
     */
    public void open()
    {
        synchronized (gate)
        {
            if (opened)
            {
                return;
            }
            if (session == null)
            {
                throw new IllegalStateException("no session: build an McpServer on this transport first");
            }
            for (final Held message : held)
            {
                dispatch(message.line(), message.answered());
            }
            held.clear();
            opened = true;
            gate.notifyAll();
        }
    }

    /**
     * Reads and dispatches requests until input ends, then waits for the transport to be opened (if the server is
     * still being built) and for in-flight replies to be written.
     */
    public void serve()
    {
        if (session != null)
        {
            open();
        }
        final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        boolean oversized = false;
        try
        {
            int b;
            while (!closed.get() && (b = in.read()) != -1)
            {
                if (b == '\n')
                {
                    if (oversized)
                    {
                        writeError(null, McpSchema.ErrorCodes.INVALID_REQUEST,
                            "request line exceeds " + maxLineBytes + " bytes; skipped");
                    }
                    else
                    {
                        accept(line.toByteArray());
                    }
                    line.reset();
                    oversized = false;
                }
                else if (!oversized)
                {
                    if (line.size() >= maxLineBytes)
                    {
                        oversized = true;
                        line.reset();
                    }
                    else
                    {
                        line.write(b);
                    }
                }
            }
            if (line.size() > 0 && !oversized)
            {
                accept(line.toByteArray());
            }
        }
        catch (final IOException ex)
        {
            Log.LOG.warn("stdin read failed, finishing: {}", ex.toString());
        }
        if (awaitOpen())
        {
            awaitInflight();
            session.close();
        }
    }

    private void accept(final byte[] bytes)
    {
        if (!opened)
        {
            synchronized (gate)
            {
                if (!opened)
                {
                    hold(bytes);
                    return;
                }
            }
        }
        dispatch(bytes, false);
    }

    /**
     * Keeps a message for {@link #open()}, or answers it from the snapshot: the first initialize (kept too, for the
     * server's session), then the lists the snapshot holds. Called under the gate.
     */
    private void hold(final byte[] bytes)
    {
        if (!snapshot.isEmpty())
        {
            final HandshakeRequest request = HandshakeRequest.parse(new String(bytes, StandardCharsets.UTF_8));
            final boolean initialize = McpSchema.METHOD_INITIALIZE.equals(request.method());
            if (initialize && !answeredInitialize)
            {
                writeLine(snapshot.initializeReply(request.id(), negotiate(request.protocolVersion())));
                answeredInitialize = true;
                held.add(new Held(bytes, true));
                return;
            }
            if (!initialize && answeredInitialize && snapshot.answers(request.method()))
            {
                // A list of what the build defines; the server need not see it.
                writeLine(snapshot.listReply(request.id(), request.method()));
                return;
            }
        }
        held.add(new Held(bytes, false));
    }

    /** The server's rule: the client's protocol version if the server speaks it, else the server's latest. */
    private String negotiate(final String requested)
    {
        final List<String> versions = protocolVersions();
        return versions.contains(requested) ? requested : versions.get(versions.size() - 1);
    }

    private void dispatch(final byte[] bytes, final boolean answered)
    {
        final String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty())
        {
            return;
        }
        final JsonNode node;
        try
        {
            node = Json.MAPPER.readTree(text);
        }
        catch (final JacksonException ex)
        {
            writeError(null, McpSchema.ErrorCodes.PARSE_ERROR, "parse error: " + ex.getOriginalMessage());
            return;
        }
        final JsonNode id = node.isObject() ? node.get("id") : null;
        final String invalid = invalidReason(node);
        if (invalid != null)
        {
            writeError(id, McpSchema.ErrorCodes.INVALID_REQUEST, invalid);
            return;
        }
        final CallIntake.Verdict verdict = intake == null ? null : intake.accept(SESSION, node);
        if (verdict != null && verdict.route() == CallIntake.Route.REPLY)
        {
            writeLine(verdict.reply().toString());
            return;
        }
        if (verdict != null && verdict.route() == CallIntake.Route.CONSUMED)
        {
            return;
        }
        final Cancellation cancellation = verdict == null ? null : verdict.cancellation();
        final McpSchema.JSONRPCMessage message;
        try
        {
            message = McpSchema.deserializeJsonRpcMessage(mapper, text);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (cancellation != null)
            {
                cancellation.done();
            }
            writeError(id, McpSchema.ErrorCodes.INVALID_REQUEST, "invalid JSON-RPC message: " + ex.getMessage());
            return;
        }
        if (answered && message instanceof McpSchema.JSONRPCRequest request)
        {
            answeredReplyId = request.id();
        }
        begin();
        session.handle(message)
            .contextWrite(context -> context.put(McpTransportContext.KEY, CallIntake.context(cancellation)))
            .doFinally(signal ->
            {
                if (cancellation != null)
                {
                    cancellation.done();
                }
                end();
            })
            .subscribe(null, error -> Log.LOG.warn("handling {} failed: {}", describe(node), error.toString()));
    }

    private static String invalidReason(final JsonNode node)
    {
        if (node.isArray())
        {
            return "batch requests are not supported; send one JSON-RPC message per line";
        }
        if (!node.isObject())
        {
            return "a JSON-RPC message must be a JSON object";
        }
        if (!"2.0".equals(node.path("jsonrpc").asString(null)))
        {
            return "jsonrpc must be \"2.0\"";
        }
        final JsonNode id = node.get("id");
        if (id != null && !id.isString() && !id.isIntegralNumber())
        {
            return "id must be a string or an integer";
        }
        if (node.has("method"))
        {
            return node.get("method").isString() ? null : "method must be a string";
        }
        return node.has("result") || node.has("error") ? null : "neither a request, a notification nor a response";
    }

    private static String describe(final JsonNode node)
    {
        return node.path("method").asString("response") + " " + node.path("id").asString("");
    }

    private void writeError(final JsonNode id, final int code, final String message)
    {
        final ObjectNode reply = Json.MAPPER.createObjectNode();
        reply.put("jsonrpc", "2.0");
        reply.set("id", id == null ? Json.MAPPER.nullNode() : id);
        reply.putObject("error").put("code", code).put("message", message);
        writeLine(reply.toString());
    }

    private void writeLine(final String json)
    {
        final byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock)
        {
            try
            {
                out.write(bytes);
                out.flush();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write to stdout", ex);
            }
        }
    }

    private void begin()
    {
        inflightLock.lock();
        try
        {
            inflight++;
        }
        finally
        {
            inflightLock.unlock();
        }
    }

    private void end()
    {
        inflightLock.lock();
        try
        {
            if (--inflight == 0)
            {
                drained.signalAll();
            }
        }
        finally
        {
            inflightLock.unlock();
        }
    }

    private void awaitInflight()
    {
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        inflightLock.lock();
        try
        {
            while (inflight > 0)
            {
                final long left = deadline - System.nanoTime();
                if (left <= 0)
                {
                    Log.LOG.warn("{} requests still in flight after {}; exiting", inflight, DRAIN_TIMEOUT);
                    return;
                }
                drained.await(left, TimeUnit.NANOSECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            inflightLock.unlock();
        }
    }

    /** Waits up to the drain timeout for {@link #open()}; false if it did not come and held messages are dropped. */
    private boolean awaitOpen()
    {
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        synchronized (gate)
        {
            try
            {
                while (!opened)
                {
                    final long left = deadline - System.nanoTime();
                    if (left <= 0)
                    {
                        Log.LOG.warn("input ended and no server opened the transport within {}; {} messages dropped",
                            DRAIN_TIMEOUT, held.size());
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(gate, left);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Made on first use: setting up the logging backend is not on the way to the first reply. */
    private static final class Log
    {
        static final Logger LOG = LoggerFactory.getLogger(StdioTransportProvider.class);
    }

    /**
     * A message read before the transport opened.
     *
     * @param line     the message as read.
     * @param answered whether the snapshot already answered it, so the server's own reply is not written.
     */
    private record Held(byte[] line, boolean answered)
    {
    }

    private final class SessionTransport implements McpServerTransport
    {
        @Override
        public Mono<Void> sendMessage(final McpSchema.JSONRPCMessage message)
        {
            return Mono.fromRunnable(() ->
            {
                if (message instanceof McpSchema.JSONRPCResponse response && response.id() != null &&
                    response.id().equals(answeredReplyId))
                {
                    // The snapshot gave this reply when the message arrived.
                    answeredReplyId = null;
                    if (response.error() != null)
                    {
                        Log.LOG.warn("the server refused the initialize the handshake snapshot answered: {}",
                            response.error().message());
                    }
                    return;
                }
                try
                {
                    // Jackson escapes newlines inside strings, so one message is always one line.
                    writeLine(mapper.writeValueAsString(message));
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot serialise " + message.getClass().getSimpleName(), ex);
                }
            });
        }

        @Override
        public <T> T unmarshalFrom(final Object data, final TypeRef<T> typeRef)
        {
            return mapper.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully()
        {
            return Mono.fromRunnable(() -> closed.set(true));
        }
    }
}
