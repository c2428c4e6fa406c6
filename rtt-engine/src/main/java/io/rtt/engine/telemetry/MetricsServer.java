package io.rtt.engine.telemetry;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * {@code GET /metrics} on loopback: the routes' metrics as Prometheus text. Anything else is 404, any other method
 * on {@code /metrics} is 405, a request with a body is 413, and a {@code Host} that is not a loopback name is 403, so
 * a web page that rebinds its own name to 127.0.0.1 cannot read it.
 * <p>
 * One non-blocking event loop serves every connection, so a client that sends half a request holds no thread and
 * stalls no one; a connection that sends nothing for {@link #READ_TIMEOUT_SECONDS} is closed.
 */
public final class MetricsServer implements AutoCloseable
{
    /** How long a connection may send nothing before it is closed. */
    public static final int READ_TIMEOUT_SECONDS = 5;
    /** Longest request line and longest header block accepted. */
    private static final int MAX_HEADER_BYTES = 8192;

    private final EventLoopGroup group;
    private final Channel channel;

    private MetricsServer(final EventLoopGroup group, final Channel channel)
    {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Starts serving on {@code 127.0.0.1:port}.
     *
     * @param port   the port; 0 picks a free one.
     * @param routes the metrics to expose, read at each scrape.
     * @return the running server.
     * @throws UncheckedIOException if the port cannot be bound.
     */
    public static MetricsServer start(final int port, final Supplier<Collection<RouteMetrics>> routes)
    {
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rtt-metrics", true),
            NioIoHandler.newFactory());
        try
        {
            final Channel channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        ch.pipeline().addLast(
                            new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                            new HttpServerCodec(MAX_HEADER_BYTES, MAX_HEADER_BYTES, MAX_HEADER_BYTES),
                            new HttpObjectAggregator(0),
                            new Scrape(routes));
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .syncUninterruptibly()
                .channel();
            return new MetricsServer(group, channel);
        }
        catch (final Exception ex)
        {
            // Netty rethrows the bind's checked exception (BindException) undeclared, so catch it too
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new UncheckedIOException("cannot serve metrics on 127.0.0.1:" + port,
                new java.io.IOException(ex.getMessage(), ex));
        }
    }

    /**
     * The port it listens on.
     *
     * @return the bound port.
     */
    public int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Whether a Host header names loopback: 127.0.0.1, [::1] or localhost, with or without a port.
     *
     * @param host the header's value, or {@code null} when absent.
     * @return whether it is a loopback name.
     */
    static boolean loopbackHost(final String host)
    {
        if (host == null)
        {
            return false;
        }
        final String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) :
            host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return "127.0.0.1".equals(name) || "[::1]".equals(name) || "localhost".equalsIgnoreCase(name);
    }

    /** Answers one aggregated request on the event loop. */
    private static final class Scrape extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        private final Supplier<Collection<RouteMetrics>> routes;

        Scrape(final Supplier<Collection<RouteMetrics>> routes)
        {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            final String path = new QueryStringDecoder(request.uri()).path();
            final HttpMethod method = request.method();
            final FullHttpResponse response;
            if (request.decoderResult().isFailure())
            {
                response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
            }
            else if (!loopbackHost(request.headers().get(HttpHeaderNames.HOST)))
            {
                response = text(HttpResponseStatus.FORBIDDEN,
                    "forbidden: Host must name this machine's loopback address\n");
            }
            else if (!"/metrics".equals(path))
            {
                response = text(HttpResponseStatus.NOT_FOUND, "not found; metrics are at /metrics\n");
            }
            else if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method))
            {
                response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
                response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            }
            else
            {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(PrometheusText.format(routes.get()), StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
            }
            HttpUtil.setContentLength(response, response.content().readableBytes());
            if (HttpMethod.HEAD.equals(method))
            {
                response.content().clear();
            }
            final boolean keepAlive = HttpUtil.isKeepAlive(request) && !request.decoderResult().isFailure();
            if (keepAlive)
            {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            }
            else
            {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            // A read timeout or a peer reset: nothing to answer; the connection goes.
            ctx.close();
        }

        private static FullHttpResponse text(final HttpResponseStatus status, final String body)
        {
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            return response;
        }
    }
}
