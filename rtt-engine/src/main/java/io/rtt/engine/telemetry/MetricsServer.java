package io.rtt.engine.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code GET /metrics} on loopback: the routes' metrics as Prometheus text. Anything else is 404, any other method
 * on {@code /metrics} is 405. One thread serves scrapes.
 */
public final class MetricsServer implements AutoCloseable
{
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(final HttpServer server, final ExecutorService executor)
    {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code 127.0.0.1:port}.
     *
     * @param port   the port; 0 picks a free one.
     * @param routes the metrics to expose, read at each scrape.
     * @return the running server.
     */
    public static MetricsServer start(final int port, final Supplier<Collection<RouteMetrics>> routes)
    {
        try
        {
            final HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            final ExecutorService executor = Executors.newSingleThreadExecutor(r ->
            {
                final Thread thread = new Thread(r, "rtt-metrics");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext("/", exchange -> answer(exchange, routes));
            server.start();
            return new MetricsServer(server, executor);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot serve metrics on 127.0.0.1:" + port, ex);
        }
    }

    private static void answer(final HttpExchange exchange, final Supplier<Collection<RouteMetrics>> routes)
        throws IOException
    {
        try (exchange)
        {
            if (!"/metrics".equals(exchange.getRequestURI().getPath()))
            {
                send(exchange, 404, "text/plain; charset=utf-8", "not found; metrics are at /metrics\n");
            }
            else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod()))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
            }
            else
            {
                send(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.format(routes.get()));
            }
        }
    }

    private static void send(final HttpExchange exchange, final int status, final String type, final String body)
        throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
        }
    }

    /** The port it listens on. */
    public int port()
    {
        return server.getAddress().getPort();
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }
}
