package io.rtt.server.mcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.rtt.tools.ToolJson;
import io.rtt.tools.Toolpack;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee11.servlet.ErrorHandler;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * MCP over HTTP on an embedded Jetty: Streamable HTTP at {@value #MCP_PATH}, the legacy SSE transport at
 * {@value #SSE_PATH} and {@value #MESSAGE_PATH}, every path behind the {@link AccessGuard}, and every message through
 * the {@link CallIntakeFilter}.
 * <p>
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class HttpMcpServer implements AutoCloseable
{
    /** Streamable HTTP endpoint. */
    public static final String MCP_PATH = "/mcp";
    /** Legacy SSE stream endpoint. */
    public static final String SSE_PATH = "/sse";
    /** Legacy SSE message endpoint. */
    public static final String MESSAGE_PATH = "/message";
    /** Largest request body accepted, in bytes. */
    public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;
    /** Threads serving requests: far more than clients on loopback, so a few slow ones take a few threads. */
    private static final int MAX_THREADS = 256;

    private final Server server;
    private final McpSyncServer streamable;
    private final McpSyncServer sse;

    private HttpMcpServer(final Server server, final McpSyncServer streamable, final McpSyncServer sse)
    {
        this.server = server;
        this.streamable = streamable;
        this.sse = sse;
    }

    /**
     * Starts the server.
     *
     * @param toolpack       the tools, resources and prompts to serve.
     * @param address        where to listen; port 0 picks a free port.
     * @param token          the bearer token requests must carry.
     * @param allowedOrigins browser origins allowed besides loopback ones.
     * @return the running server.
     * @throws IOException if the address cannot be bound.
     */
    public static HttpMcpServer start(
        final Toolpack toolpack,
        final InetSocketAddress address,
        final BearerToken token,
        final List<String> allowedOrigins) throws IOException
    {
        final HttpServletStreamableServerTransportProvider streamableTransport =
            HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(ToolJson.MAPPER)
                .mcpEndpoint(MCP_PATH)
                .maxRequestSize(MAX_REQUEST_BYTES)
                .contextExtractor(CallIntakeFilter::context)
                .build();
        final HttpServletSseServerTransportProvider sseTransport = HttpServletSseServerTransportProvider.builder()
            .jsonMapper(ToolJson.MAPPER)
            .sseEndpoint(SSE_PATH)
            .messageEndpoint(MESSAGE_PATH)
            .maxRequestSize(MAX_REQUEST_BYTES)
            .contextExtractor(CallIntakeFilter::context)
            .build();
        final McpSyncServer streamable = McpServers.build(toolpack, streamableTransport);
        final McpSyncServer sse = McpServers.build(toolpack, sseTransport);

        final QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("rtt-http");
        final Server server = new Server(threads);
        // Headers are parsed without holding a thread; a body is read by a blocking servlet read, which a client that
        // stalls holds until the idle timeout. Many threads keep a few such clients from stalling the others. (A
        // minimum data rate was tried: Jetty measures it from the first header byte, so under load it refused small,
        // healthy bodies that arrived a few milliseconds after their headers.)
        final ServerConnector connector = new ServerConnector(server);
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);

        final ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        final String bindHost = address.getAddress() != null && address.getAddress().isLoopbackAddress() ?
            null : address.getHostString();
        context.addFilter(new FilterHolder(new AccessGuard(token, bindHost, allowedOrigins)), "/*",
            EnumSet.of(DispatcherType.REQUEST));
        final FilterHolder intake = new FilterHolder(
            new CallIntakeFilter(McpServers.intake(toolpack), MAX_REQUEST_BYTES));
        intake.setAsyncSupported(true);
        context.addFilter(intake, MCP_PATH, EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(intake, MESSAGE_PATH, EnumSet.of(DispatcherType.REQUEST));
        final ServletHolder streamableHolder = new ServletHolder(streamableTransport);
        streamableHolder.setAsyncSupported(true);
        context.addServlet(streamableHolder, MCP_PATH);
        final ServletHolder sseHolder = new ServletHolder(sseTransport);
        sseHolder.setAsyncSupported(true);
        context.addServlet(sseHolder, SSE_PATH);
        context.addServlet(sseHolder, MESSAGE_PATH);
        // Error pages carry status and message, never a stack trace nor the class that sent them (Jetty names the
        // SDK's servlet as their "origin"), whatever the client accepts.
        final ErrorHandler contextErrors = new ErrorHandler()
        {
            @Override
            protected void writeErrorOrigin(final String origin, final Consumer<String> writer)
            {
            }
        };
        contextErrors.setShowStacks(false);
        context.setErrorHandler(contextErrors);
        server.setHandler(context);
        final org.eclipse.jetty.server.handler.ErrorHandler serverErrors =
            new org.eclipse.jetty.server.handler.ErrorHandler()
            {
                @Override
                protected void writeErrorOrigin(final String origin, final Consumer<String> writer)
                {
                }
            };
        serverErrors.setShowStacks(false);
        server.setErrorHandler(serverErrors);
        try
        {
            server.start();
        }
        catch (final Exception ex)
        {
            closeQuietly(server, streamable, sse);
            throw new IOException("cannot listen on " + address + ": " + ex.getMessage(), ex);
        }
        return new HttpMcpServer(server, streamable, sse);
    }

    /**
     * The port the server listens on.
     *
     * @return the bound port.
     */
    public int port()
    {
        return ((ServerConnector)server.getConnectors()[0]).getLocalPort();
    }

    /**
     * Waits until the server stops.
     *
     * @throws InterruptedException if interrupted while waiting.
     */
    public void join() throws InterruptedException
    {
        server.join();
    }

    @Override
    public void close()
    {
        closeQuietly(server, streamable, sse);
    }

    private static void closeQuietly(final Server server, final McpSyncServer streamable, final McpSyncServer sse)
    {
        try
        {
            streamable.closeGracefully();
            sse.closeGracefully();
        }
        finally
        {
            try
            {
                server.stop();
            }
            catch (final Exception ex)
            {
                // stopping a server that failed to start may fail too; nothing is left to release
            }
        }
    }
}
