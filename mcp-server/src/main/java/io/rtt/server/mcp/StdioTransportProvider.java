package io.rtt.server.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * Threads: {@link #serve()} runs the reader on the caller's thread; requests are handled on the SDK's schedulers;
 * writes to the output are serialised by one lock, held only for one line's write and flush.
 */
public final class StdioTransportProvider implements McpServerTransportProvider
{
    /** Longest line accepted, in bytes: larger requests are refused with -32600 and skipped. */
    public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(StdioTransportProvider.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** The one session of a stdio process, as far as request ids go. */
    private static final String SESSION = "stdio";

    private final McpJsonMapper mapper;
    private final InputStream in;
    private final OutputStream out;
    private final int maxLineBytes;
    private final Object writeLock = new Object();
    private final ReentrantLock inflightLock = new ReentrantLock();
    private final Condition drained = inflightLock.newCondition();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int inflight;
    private McpServerSession session;
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
        if (maxLineBytes < 1)
        {
            throw new IllegalArgumentException("maxLineBytes < 1: " + maxLineBytes);
        }
        this.mapper = mapper;
        this.in = in;
        this.out = out;
        this.maxLineBytes = maxLineBytes;
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
     * Reads and dispatches requests until input ends, then waits for in-flight replies to be written.
     *
     * @throws IllegalStateException if no session factory was set (the server was not built on this transport).
     */
    public void serve()
    {
        if (session == null)
        {
            throw new IllegalStateException("no session: build an McpServer on this transport first");
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
                        dispatch(line.toByteArray());
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
                dispatch(line.toByteArray());
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("stdin read failed, finishing: {}", ex.toString());
        }
        awaitInflight();
        session.close();
    }

    private void dispatch(final byte[] bytes)
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
            .subscribe(null, error -> LOG.warn("handling {} failed: {}", describe(node), error.toString()));
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
                    LOG.warn("{} requests still in flight after {}; exiting", inflight, DRAIN_TIMEOUT);
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

    private final class SessionTransport implements McpServerTransport
    {
        @Override
        public Mono<Void> sendMessage(final McpSchema.JSONRPCMessage message)
        {
            return Mono.fromRunnable(() ->
            {
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
