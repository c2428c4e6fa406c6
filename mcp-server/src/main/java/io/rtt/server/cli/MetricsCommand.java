package io.rtt.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.telemetry.MetricsReport;
import io.rtt.engine.telemetry.RouteWindow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt metrics}: the running panel's routes over a recent window, read over its control socket.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Show what the workspace's running panel measured per route over a recent window (1 s to 60 s): " +
        "requests and errors per second, rejected, dropped, expired and short-circuited messages, the circuit " +
        "breaker's state, service latency p50/p95/p99/p99.9/max, bytes in and out. Reads the live panel (rtt serve, or rtt serve --detach); exit 3 when none runs.")
public final class MetricsCommand implements Callable<Integer>
{
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})(s|m)?");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--route", paramLabel = "ROUTE", description = "Only this route, e.g. api->catalog.")
    private String route;

    @Option(names = "--window", paramLabel = "WINDOW", defaultValue = "1m",
        description = "How far back to look: seconds (30s, or 30) or minutes (1m); at most 60 s " +
            "(default ${DEFAULT-VALUE}).")
    private String window;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call()
    {
        final MetricsReport report = Engine.open(workspace.path).metrics(route, parseWindow(window));
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(CanonicalJson.string(Json.tree(report)));
        }
        else
        {
            print(out, report);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Parses a window: whole seconds, with {@code s} or no unit, or whole minutes with {@code m}.
     *
     * @param text the window as given.
     * @return its length.
     * @throws RttException {@code BAD_INPUT} when it is neither.
     */
    static Duration parseWindow(final String text)
    {
        final Matcher m = WINDOW.matcher(text);
        if (!m.matches())
        {
            throw new RttException(RttException.Kind.BAD_INPUT,
                "--window expects seconds (30s, 30) or minutes (1m), got: " + text);
        }
        final long amount = Long.parseLong(m.group(1));
        return "m".equals(m.group(2)) ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
    }

    private static void print(final PrintWriter out, final MetricsReport report)
    {
        out.printf(Locale.ROOT, "%d live routes over the last %d s%n", report.routes().size(),
            report.windowSeconds());
        if (report.routes().isEmpty())
        {
            return;
        }
        out.printf(Locale.ROOT,
            "  %-18s %-4s %-7s %-9s %6s %9s %8s %9s %7s %8s %7s %7s %10s %9s %9s %9s %9s %9s %10s %10s%n",
            "route", "lane", "driver", "breaker", "secs", "req/s", "err/s", "requests", "errors", "rejected",
            "dropped", "expired", "short-circ", "p50", "p95", "p99", "p99.9", "max", "bytes in", "bytes out");
        for (final RouteWindow r : report.routes())
        {
            final RouteWindow.Latency l = r.latency();
            out.printf(Locale.ROOT,
                "  %-18s %-4s %-7s %-9s %6.1f %9.1f %8.2f %9d %7d %8d %7d %7d %10d %9s %9s %9s %9s %9s %10d %10d%n",
                TerminalText.escape(r.route()), r.lane(), TerminalText.escape(r.driver()), r.breaker(), r.seconds(),
                r.requestsPerSecond(), r.errorsPerSecond(), r.requests(), r.errors(), r.rejected(), r.dropped(),
                r.expired(), r.shortCircuited(), micros(l, l.p50Us()), micros(l, l.p95Us()), micros(l, l.p99Us()),
                micros(l, l.p999Us()), micros(l, l.maxUs()), r.bytesIn(), r.bytesOut());
        }
    }

    /** A latency in the unit that keeps it short: µs below a millisecond, ms below a second, then s. */
    private static String micros(final RouteWindow.Latency latency, final double value)
    {
        if (latency.samples() == 0)
        {
            return "-";
        }
        if (value < 1_000)
        {
            return String.format(Locale.ROOT, "%.1f µs", value);
        }
        return value < 1_000_000 ? String.format(Locale.ROOT, "%.2f ms", value / 1e3) :
            String.format(Locale.ROOT, "%.2f s", value / 1e6);
    }
}
