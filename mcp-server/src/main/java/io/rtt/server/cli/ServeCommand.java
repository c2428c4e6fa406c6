package io.rtt.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.panel.DetachedPanel;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.PanelStatus;
import io.rtt.server.mcp.BearerToken;
import io.rtt.server.mcp.HttpMcpServer;
import io.rtt.server.mcp.StdioServer;
import io.rtt.tools.Toolpack;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt serve}: the panel (the workspace's routes, live, reconciled to the WAL head, with {@code /metrics} and
 * its control socket), in this process or, with {@code --detach}, in the background ({@code --stop} stops it); or the
 * MCP server over stdio (what desktop clients spawn) or Streamable HTTP with legacy SSE.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Serve the workspace: with no mode option, run the panel: every committed route with a built-in " +
            "driver gets a lane (shm or uds) and a driver, follows the WAL head, and is published in " +
            ".rtt/lanes/routes.json; GET /metrics on loopback gives per-route Prometheus metrics; it answers " +
            "`rtt routes`, `rtt metrics` and `rtt serve --stop` on its control socket, .rtt/panel.sock. Ctrl-C stops " +
            "it and removes its lane files.",
        "--detach: run the panel in the background (its log in .rtt/panel.log, its pid in .rtt/panel.pid), wait " +
            "until it answers, print its pid and exit; refused while a panel serves the workspace.",
        "--stop: ask the workspace's panel to stop over its control socket and wait for it to exit (SIGTERM if it " +
            "does not answer); nothing to do when none runs.",
        "--stdio: newline-delimited JSON-RPC on stdin/stdout; nothing but protocol is written to stdout.",
        "--http [HOST:]PORT: Streamable HTTP at /mcp and legacy SSE at /sse, on 127.0.0.1 unless HOST is given; " +
            "requests need 'Authorization: Bearer <token>' (RTT_MCP_TOKEN, else generated into .rtt/mcp.token)."
    })
public final class ServeCommand implements Callable<Integer>
{
    /** How often the panel looks for a new WAL head. */
    static final long PANEL_WATCH_MS = 1_000;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Mode mode;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9464",
        description = "Loopback port of the panel's GET /metrics (0 picks a free one; default ${DEFAULT-VALUE}).")
    private int metricsPort;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
        description = "Browser origin allowed besides loopback ones (repeatable), e.g. https://app.example.")
    private List<String> allowedOrigins = new ArrayList<>();

    static final class Mode
    {
        @Option(names = "--detach", required = true,
            description = "Run the panel in the background and exit once it answers.")
        boolean detach;

        @Option(names = "--stop", required = true, description = "Stop the workspace's running panel.")
        boolean stop;

        @Option(names = "--stdio", required = true, description = "Serve over stdin/stdout.")
        boolean stdio;

        @Option(names = "--http", required = true, paramLabel = "[HOST:]PORT",
            description = "Serve over HTTP on this address (port 0 picks a free one).")
        String http;
    }

    @Override
    public Integer call() throws Exception
    {
        if (mode == null)
        {
            return servePanel(Engine.open(workspace.path));
        }
        if (mode.detach)
        {
            return detach(Engine.open(workspace.path));
        }
        if (mode.stop)
        {
            return stop(Engine.open(workspace.path));
        }
        return mode.stdio ? serveStdio(workspace.path) : serveHttp(new Toolpack(Engine.open(workspace.path)));
    }

    private int servePanel(final Engine engine) throws InterruptedException
    {
        checkMetricsPort();
        final CountDownLatch stopped = new CountDownLatch(1);
        final Panel panel = engine.startPanel(metricsPort, PANEL_WATCH_MS, stopped::countDown);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            panel.close();
            stopped.countDown();
        }, "rtt-shutdown"));
        final PrintWriter out = spec.commandLine().getOut();
        out.println("panel serving " + engine.workspace().root() + " (following the WAL head)");
        PanelPrinter.routes(out, panel.status());
        out.println("metrics at http://127.0.0.1:" + panel.metricsPort() + "/metrics; clients find the lanes in " +
            engine.workspace().layout().publishedLanesFile());
        out.flush();
        stopped.await();
        // a control client asked to stop (after SIGTERM the shutdown hook has closed it already)
        panel.close();
        return ExitCodes.OK;
    }

    private void checkMetricsPort()
    {
        if (metricsPort < 0 || metricsPort > 65535)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "--metrics-port expects 0..65535, got " + metricsPort);
        }
    }

    private int detach(final Engine engine)
    {
        checkMetricsPort();
        final PanelStatus status = engine.startPanelInBackground(metricsPort);
        final PrintWriter out = spec.commandLine().getOut();
        out.println("panel serving " + status.workspace() + " in the background, pid " + status.pid());
        PanelPrinter.routes(out, status.routes());
        out.println("metrics at http://127.0.0.1:" + status.metricsPort() + "/metrics; log in " +
            engine.workspace().layout().panelLogFile() + "; stop it with `rtt serve --stop " + status.workspace() +
            "`");
        out.flush();
        return ExitCodes.OK;
    }

    private int stop(final Engine engine)
    {
        final DetachedPanel.Stop stop = engine.stopPanel();
        final PrintWriter out = spec.commandLine().getOut();
        out.println(stop.stopped() ? "panel pid " + stop.pid() + " " + stop.detail() : stop.detail());
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Serves a workspace over stdin and stdout until stdin closes.
     *
     * @param path the workspace root.
     * @return the exit code.
     * @throws RttException {@code BAD_INPUT} if the workspace is not a directory.
     */
    public static int serveStdio(final Path path)
    {
        StdioServer.serve(path);
        return ExitCodes.OK;
    }

    private int serveHttp(final Toolpack toolpack) throws IOException, InterruptedException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final InetSocketAddress address = parseAddress(mode.http);
        final BearerToken token = BearerToken.resolve(toolpack.engine().workspace(), System.getenv(BearerToken.ENV));
        final HttpMcpServer server = HttpMcpServer.start(toolpack, address, token, allowedOrigins);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "rtt-shutdown"));
        final String base = "http://" + hostForUrl(address) + ":" + server.port();
        err.println("rtt: serving " + toolpack.engine().workspace().root());
        err.println("rtt: MCP Streamable HTTP at " + base + HttpMcpServer.MCP_PATH + " (legacy SSE at " + base +
            HttpMcpServer.SSE_PATH + ")");
        err.println("rtt: bearer token " + (BearerToken.ENV.equals(token.source()) ? "from " + BearerToken.ENV :
            (token.created() ? "generated into " : "read from ") + token.source() + " (mode 0600)"));
        err.flush();
        server.join();
        return ExitCodes.OK;
    }

    /**
     * Parses {@code PORT}, {@code HOST:PORT} or {@code [IPV6]:PORT}; the host defaults to 127.0.0.1.
     *
     * @param text the address as given.
     * @return the socket address.
     * @throws RttException {@code BAD_INPUT} if the text is not an address.
     */
    static InetSocketAddress parseAddress(final String text)
    {
        final int colon = text.lastIndexOf(':');
        final String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon).replace("[", "").replace("]", "");
        final String port = colon < 0 ? text : text.substring(colon + 1);
        try
        {
            final int number = Integer.parseInt(port);
            if (number < 0 || number > 65535 || host.isEmpty())
            {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, number);
        }
        catch (final NumberFormatException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT,
                "--http expects [HOST:]PORT with PORT in 0..65535, got: " + text);
        }
    }

    private static String hostForUrl(final InetSocketAddress address)
    {
        final String host = address.getHostString();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
