package io.rtt.engine.panel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.rtt.engine.Workspace;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.flight.FlightRecorder;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.telemetry.MetricsReport;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.telemetry.RouteWindow;
import io.rtt.engine.fabric.UdsLane;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The running panel's control endpoint: a Unix-domain stream socket, {@code .rtt/panel.sock} (0600), on which local
 * clients ask for the panel's status, its routes' windowed metrics, its flight recording (or a dump of it), or that
 * it stop. Each request and each answer is
 * a 4-byte little-endian length followed by that many bytes of canonical JSON; {@code docs/PROTOCOL.md} ("Panel
 * control") has the verbs and an example, and {@link PanelClient} is the client.
 * <p>
 * A hostile or broken client cannot wedge it: one non-blocking event loop serves every connection, so a client that
 * sends half a request holds no thread; a connection idle for {@link #IDLE_TIMEOUT_SECONDS} is closed; a request over
 * {@link #MAX_REQUEST_BYTES} is answered with an error and its connection closed, as the stream cannot be trusted past
 * it; a request that is not valid JSON, or names an unknown verb, is answered with an error and the connection goes
 * on; at most {@link #MAX_CONNECTIONS} connections are open at once, and one more is answered with an error and
 * closed; a connection serves at most {@link #REQUESTS_PER_CONNECTION} requests. A {@code record} request that dumps
 * holds the event loop while JFR copies the recording to a local file (32 MiB at most): other requests wait that
 * long, which dumps being rare and local is cheaper than a thread of their own.
 * <p>
 * The socket file is 0600 in the 0700 state directory. A socket file nobody answers on (left by a panel that died)
 * is unlinked before bind; one a live process answers on is refused. When {@code .rtt/panel.sock} would not fit
 * {@code sun_path}, the socket goes in the workspace's short lane directory under the temporary directory instead
 * ({@link #socketPath}).
 * <p>
 * Thread-safe.
 */
final class PanelControl implements AutoCloseable
{
    /** Format of every request and answer. */
    static final String FORMAT = "rtt.panel/1";
    /** Largest request body accepted, in bytes. */
    static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** How long a connection may send nothing before it is closed. */
    static final int IDLE_TIMEOUT_SECONDS = 5;
    /** Connections open at once, at most. */
    static final int MAX_CONNECTIONS = 32;
    /** Requests one connection may make before it is closed. */
    static final int REQUESTS_PER_CONNECTION = 64;
    /** Longest socket path the kernel accepts (sun_path, less its terminating NUL). */
    static final int MAX_SOCKET_PATH_BYTES = 107;
    /** Name of the socket when it lives in the lane directory. */
    private static final String SOCKET_NAME = "panel.sock";
    private static final Set<String> STATUS_FIELDS = Set.of("format", "verb");
    private static final Set<String> METRICS_FIELDS = Set.of("format", "verb", "route", "windowSeconds");
    private static final Set<String> PROBE_FIELDS = Set.of("format", "verb", "route", "timeoutMs");
    /** Longest probe a client may ask the panel to wait for, in milliseconds. */
    static final int MAX_PROBE_TIMEOUT_MS = 60_000;
    private static final Set<String> RECORD_FIELDS = Set.of("format", "verb", "dump", "reason");
    private static final Set<String> CANARY_FIELDS = Set.of("format", "verb", "action", "base", "target", "fraction",
        "maxSeconds");
    /** Longest a canary may run before it is judged on what it has, in seconds. */
    static final int MAX_CANARY_SECONDS = 3_600;
    private static final String VERBS = "verbs: status, metrics, probe, record, canary, stop";
    private static final Logger LOG = LoggerFactory.getLogger(PanelControl.class);

    private final Path path;
    private final Panel panel;
    private final Runnable stopHandler;
    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean stopAsked = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PanelControl(final Path path, final Panel panel, final Runnable stopHandler)
    {
        this.path = path;
        this.panel = panel;
        this.stopHandler = stopHandler;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rtt-panel-control", true),
            EpollIoHandler.newFactory());
        try
        {
            this.server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>()
                {
                    @Override
                    protected void initChannel(final EpollDomainSocketChannel ch)
                    {
                        accept(ch);
                    }
                })
                .bind(new DomainSocketAddress(path.toFile())).syncUninterruptibly().channel();
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
        catch (final IOException ex)
        {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            throw new UncheckedIOException("cannot serve the panel's control socket " + path, ex);
        }
        catch (final RuntimeException ex)
        {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            throw ex;
        }
    }

    /**
     * Where a workspace's panel listens: {@code .rtt/panel.sock}, or, when that path would not fit
     * {@code sun_path}, {@code panel.sock} in the workspace's lane directory under the temporary directory, which is
     * checked to be this user's and writable by nobody else.
     *
     * @param workspace the workspace.
     * @return the socket's path.
     */
    static Path socketPath(final Workspace workspace)
    {
        final Path home = workspace.layout().panelSocket();
        if (home.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES)
        {
            return home;
        }
        return LaneDirectory.of(workspace).laneDir().resolve(SOCKET_NAME);
    }

    /**
     * Binds the control socket of a panel.
     *
     * @param path        where to bind.
     * @param panel       the panel to answer for.
     * @param stopHandler what a client's {@code stop} runs, on a thread of its own, once its answer is sent.
     * @return the running endpoint.
     * @throws IllegalStateException when a live process answers on that path already.
     * @throws UncheckedIOException  when the socket cannot be bound.
     */
    static PanelControl serve(final Path path, final Panel panel, final Runnable stopHandler)
    {
        UdsLane.unlinkStale(path, "the panel control socket ", "control socket ");
        return new PanelControl(path, panel, stopHandler);
    }

    /**
     * The socket's path.
     *
     * @return where it listens.
     */
    Path path()
    {
        return path;
    }

    /** Sets up an accepted connection, or turns it away when too many are open. */
    private void accept(final EpollDomainSocketChannel ch)
    {
        if (connections.incrementAndGet() > MAX_CONNECTIONS)
        {
            connections.decrementAndGet();
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter()
            {
                @Override
                public void channelActive(final ChannelHandlerContext ctx)
                {
                    write(ctx, error("too many control connections (" + MAX_CONNECTIONS + " open); try again"))
                        .addListener(ChannelFutureListener.CLOSE);
                }
            });
            return;
        }
        ch.closeFuture().addListener(f -> connections.decrementAndGet());
        ch.pipeline().addLast(
            new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS),
            new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN, Integer.BYTES + MAX_REQUEST_BYTES, 0,
                Integer.BYTES, 0, Integer.BYTES, true),
            new Requests());
    }

    /** Answers one connection's requests, in order, on the event loop. */
    private final class Requests extends SimpleChannelInboundHandler<ByteBuf>
    {
        private int served;

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final ByteBuf request)
        {
            final Answer answer = answer(ByteBufUtil.getBytes(request));
            if (answer.later() != null)
            {
                // read nothing more from this client until the answer is written: answers keep their order
                ctx.channel().config().setAutoRead(false);
                answer.later().whenComplete((body, ex) -> write(ctx, body).addListener(f ->
                {
                    ctx.channel().config().setAutoRead(true);
                    if (++served == REQUESTS_PER_CONNECTION)
                    {
                        ctx.close();
                    }
                }));
                return;
            }
            final ChannelFuture written = write(ctx, answer.body());
            if (answer.stop())
            {
                written.addListener(f -> stop());
            }
            if (++served == REQUESTS_PER_CONNECTION || answer.stop())
            {
                written.addListener(ChannelFutureListener.CLOSE);
            }
            else if (!ctx.channel().isWritable())
            {
                // a client that sends and does not read gets no more answers queued; idle, it times out
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(final ChannelHandlerContext ctx)
        {
            if (ctx.channel().isWritable())
            {
                ctx.channel().config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            if (cause instanceof TooLongFrameException)
            {
                // the rest of the stream cannot be framed: answer, then close
                write(ctx, error("request over the " + MAX_REQUEST_BYTES + "-byte limit"))
                    .addListener(ChannelFutureListener.CLOSE);
            }
            else if (cause instanceof DecoderException)
            {
                write(ctx, error("malformed request frame: " + cause.getMessage()))
                    .addListener(ChannelFutureListener.CLOSE);
            }
            else
            {
                // an idle timeout or a peer gone: nothing to answer
                ctx.close();
            }
        }
    }

    /**
     * An answer's bytes, and whether it asks the panel to stop once sent; or, for a request answered later (a probe
     * waits for a driver), the bytes to come, which never fail.
     */
    private record Answer(byte[] body, boolean stop, @Nullable CompletableFuture<byte[]> later)
    {
        private Answer(final byte[] body, final boolean stop)
        {
            this(body, stop, null);
        }
    }

    /** Answers one request body; never throws. */
    private Answer answer(final byte[] request)
    {
        try
        {
            final JsonNode tree = Json.MAPPER.readTree(request);
            if (tree == null || !tree.isObject())
            {
                return new Answer(error("malformed request: expected a JSON object"), false);
            }
            final JsonNode format = tree.get("format");
            if (format == null || !format.isString() || !FORMAT.equals(format.asString()))
            {
                return new Answer(error("unsupported format " + format + "; expected \"" + FORMAT + "\""), false);
            }
            final JsonNode verbNode = tree.get("verb");
            if (verbNode == null || !verbNode.isString())
            {
                return new Answer(error("the request names no verb; " + VERBS), false);
            }
            final String verb = verbNode.asString();
            return switch (verb)
            {
                case "status" ->
                {
                    only(tree, STATUS_FIELDS);
                    yield new Answer(ok(panel.describe(path)), false);
                }
                case "metrics" ->
                {
                    only(tree, METRICS_FIELDS);
                    yield new Answer(ok(metrics(tree)), false);
                }
                case "probe" ->
                {
                    only(tree, PROBE_FIELDS);
                    yield new Answer(new byte[0], false, probe(tree));
                }
                case "canary" ->
                {
                    only(tree, CANARY_FIELDS);
                    yield new Answer(ok(canary(tree)), false);
                }
                case "record" ->
                {
                    only(tree, RECORD_FIELDS);
                    yield new Answer(ok(record(tree)), false);
                }
                case "stop" ->
                {
                    only(tree, STATUS_FIELDS);
                    yield new Answer(ok(new Stopping(ProcessHandle.current().pid())), true);
                }
                default -> new Answer(error("unknown verb \"" + verb + "\"; " + VERBS), false);
            };
        }
        catch (final IllegalArgumentException ex)
        {
            return new Answer(error(ex.getMessage()), false);
        }
        catch (final JacksonException ex)
        {
            return new Answer(error("malformed request: not JSON: " + ex.getOriginalMessage()), false);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("control request failed", ex);
            return new Answer(error("the panel failed to answer: " + ex), false);
        }
    }

    /**
     * Probes a route's driver from inside the panel, answering within the timeout asked for: live, or why not.
     *
     * @return the answer to come; it never fails.
     */
    private CompletableFuture<byte[]> probe(final JsonNode request)
    {
        final JsonNode route = request.get("route");
        if (route == null || !route.isString())
        {
            throw new IllegalArgumentException("probe needs the route, a string, got " + route);
        }
        final JsonNode timeout = request.get("timeoutMs");
        if (timeout == null || !timeout.isIntegralNumber() || !timeout.canConvertToInt() || timeout.asInt() < 1 ||
            timeout.asInt() > MAX_PROBE_TIMEOUT_MS)
        {
            throw new IllegalArgumentException("timeoutMs must be an integer from 1 to " + MAX_PROBE_TIMEOUT_MS +
                ", got " + timeout);
        }
        final long startNs = System.nanoTime();
        return panel.probeInside(route.asString()).orTimeout(timeout.asInt(), TimeUnit.MILLISECONDS)
            .handle((done, failure) -> ok(failure == null ?
                new ProbeAnswer(route.asString(), true, (System.nanoTime() - startNs) / 1e6, "") :
                new ProbeAnswer(route.asString(), false, (System.nanoTime() - startNs) / 1e6,
                    notLive(failure, timeout.asInt()))));
    }

    private static String notLive(final Throwable failure, final int timeoutMs)
    {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ?
            failure.getCause() : failure;
        return cause instanceof TimeoutException ? "not answered within " + timeoutMs + " ms" :
            String.valueOf(cause.getMessage());
    }

    /** The answer to {@code stop}. */
    private record Stopping(long pid)
    {
    }

    private static void only(final JsonNode request, final Set<String> known)
    {
        for (final String name : request.propertyNames())
        {
            if (!known.contains(name))
            {
                throw new IllegalArgumentException("unknown field \"" + name + "\" for verb " +
                    request.get("verb").asString() + "; known: " + known.stream().sorted().toList());
            }
        }
    }

    private MetricsReport metrics(final JsonNode request)
    {
        final JsonNode route = request.get("route");
        if (route != null && !route.isString())
        {
            throw new IllegalArgumentException("route must be a string, got " + route);
        }
        final JsonNode window = request.get("windowSeconds");
        if (window != null && (!window.isIntegralNumber() || !window.canConvertToInt() || window.asInt() < 1 ||
            window.asInt() > RouteMetrics.WINDOW_SLICES))
        {
            throw new IllegalArgumentException("windowSeconds must be an integer from 1 to " +
                RouteMetrics.WINDOW_SLICES + ", got " + window);
        }
        final int seconds = window == null ? RouteMetrics.WINDOW_SLICES : window.asInt();
        final List<RouteMetrics> live = panel.liveMetrics();
        final List<RouteWindow> windows = new ArrayList<>();
        final Histogram scratch = RouteMetrics.newScratch();
        final long now = System.nanoTime();
        for (final RouteMetrics metrics : live)
        {
            if (route == null || metrics.route().equals(route.asString()))
            {
                windows.add(metrics.window(TimeUnit.SECONDS.toNanos(seconds), now, scratch));
            }
        }
        if (route != null && windows.isEmpty())
        {
            throw new IllegalArgumentException("route " + route.asString() + " is not served by this panel; " +
                (live.isEmpty() ? "it serves no route" : "it serves " +
                    String.join(", ", live.stream().map(RouteMetrics::route).toList())));
        }
        return new MetricsReport(seconds, windows);
    }

    /** The recording's status, or, with {@code "dump": true}, a dump of it named for the request's reason. */
    /** {@code arm} (base, target, fraction, maxSeconds), {@code status} or {@code cancel} a canary. */
    private Object canary(final JsonNode request)
    {
        final String action = request.path("action").asString("status");
        return switch (action)
        {
            case "arm" ->
            {
                final JsonNode fraction = request.get("fraction");
                if (fraction == null || !fraction.isNumber() || !(fraction.asDouble() > 0 && fraction.asDouble() < 1))
                {
                    throw new IllegalArgumentException("fraction must be a number above 0 and below 1, got " +
                        fraction);
                }
                final JsonNode seconds = request.get("maxSeconds");
                if (seconds == null || !seconds.isIntegralNumber() || !seconds.canConvertToInt() ||
                    seconds.asInt() < 1 || seconds.asInt() > MAX_CANARY_SECONDS)
                {
                    throw new IllegalArgumentException("maxSeconds must be an integer from 1 to " +
                        MAX_CANARY_SECONDS + ", got " + seconds);
                }
                yield panel.armCanary(digest(request, "base"), digest(request, "target"), fraction.asDouble(),
                    TimeUnit.SECONDS.toMillis(seconds.asInt()));
            }
            case "status" ->
            {
                final CanaryStatus status = panel.canaryStatus();
                if (status == null)
                {
                    throw new IllegalArgumentException("this panel has run no canary");
                }
                yield status;
            }
            case "cancel" -> panel.cancelCanary();
            default -> throw new IllegalArgumentException("unknown canary action \"" + action + "\"; actions: arm, " +
                "status, cancel");
        };
    }

    private static String digest(final JsonNode request, final String field)
    {
        final JsonNode value = request.get(field);
        if (value == null || !value.isString() || !value.asString().matches("sha256:[0-9a-f]{64}"))
        {
            throw new IllegalArgumentException(field + " must be a graph digest (sha256:<64 hex>), got " + value);
        }
        return value.asString();
    }

    private Object record(final JsonNode request)
    {
        final JsonNode dump = request.get("dump");
        if (dump != null && !dump.isBoolean())
        {
            throw new IllegalArgumentException("dump must be true or false, got " + dump);
        }
        final JsonNode reason = request.get("reason");
        if (reason != null && !reason.isString())
        {
            throw new IllegalArgumentException("reason must be a string, got " + reason);
        }
        if (dump == null || !dump.asBoolean())
        {
            if (reason != null)
            {
                throw new IllegalArgumentException("reason names a dump: send it with \"dump\": true");
            }
            return panel.recording();
        }
        return panel.dumpRecording(reason == null ? FlightRecorder.DEFAULT_REASON : reason.asString());
    }

    private static byte[] ok(final Object result)
    {
        final ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("format", FORMAT);
        answer.put("ok", true);
        answer.set("result", Json.tree(result));
        return CanonicalJson.bytes(answer);
    }

    private static byte[] error(final String message)
    {
        final ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("format", FORMAT);
        answer.put("ok", false);
        answer.put("error", message);
        return CanonicalJson.bytes(answer);
    }

    private static ChannelFuture write(final ChannelHandlerContext ctx, final byte[] body)
    {
        final ByteBuf frame = ctx.alloc().buffer(Integer.BYTES + body.length);
        frame.writeIntLE(body.length).writeBytes(body);
        return ctx.writeAndFlush(frame);
    }

    /** Runs the stop handler once, on its own thread: it closes the panel, and with it this endpoint's loop. */
    private void stop()
    {
        if (stopAsked.compareAndSet(false, true))
        {
            LOG.info("a control client asked the panel to stop");
            final Thread stopping = new Thread(stopHandler, "rtt-panel-stop");
            stopping.start();
        }
    }

    /**
     * Closes the socket and every connection, stops the event loop and removes the socket file. Idempotent; a step
     * that fails does not keep the others from running.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        CloseHelper.closeAll(
            () -> server.close().syncUninterruptibly(),
            () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly(),
            () -> Files.deleteIfExists(path));
    }
}
