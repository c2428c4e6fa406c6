package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import io.rtt.engine.panel.Probe;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Renders the panel for people: which committed routes are live and where, and each live route's metrics.
 */
final class PanelPrinter
{
    private PanelPrinter()
    {
    }

    static void routes(final PrintWriter out, final List<RouteStatus> routes)
    {
        final long served = routes.stream().filter(RouteStatus::served).count();
        out.printf("%d of %d committed routes served%n", served, routes.size());
        for (final RouteStatus route : routes)
        {
            out.printf("  %-18s %-3s %-9s %s%s%s%n", route.route(), route.lane().name().toLowerCase(Locale.ROOT),
                route.driver(), route.served() ? "serving on " + route.detail() : "not served: " + route.detail(),
                route.backend() == null ? "" : "; backend " + route.backend(), breaker(route.breaker()));
        }
    }

    /** Nothing for a closed breaker or an unknown one; what it does otherwise. */
    private static String breaker(final @Nullable String state)
    {
        if ("open".equals(state))
        {
            return "; circuit breaker open (failing fast)";
        }
        return "half_open".equals(state) ? "; circuit breaker half-open (probing)" : "";
    }

    static void probes(final PrintWriter out, final List<Probe.Result> probes)
    {
        for (final Probe.Result probe : probes)
        {
            out.printf("  %-18s %d requests, %d answered as expected%s%n", probe.route(), probe.requests(), probe.ok(),
                probe.failure() == null ? "" : "; first failure: " + probe.failure());
        }
    }

    static void metrics(final PrintWriter out, final Collection<RouteMetrics> metrics)
    {
        out.printf("  %-18s %-4s %-7s %9s %9s %7s %8s %8s %7s %10s %-9s %9s %9s %9s%n", "route", "lane", "driver",
            "requests", "responses", "errors", "rejected", "dropped", "expired", "short-circ", "breaker", "p50", "p99",
            "max");
        for (final RouteMetrics route : metrics)
        {
            final Histogram latencies = route.latencies();
            out.printf("  %-18s %-4s %-7s %9d %9d %7d %8d %8d %7d %10d %-9s %9s %9s %9s%n", route.route(), route.lane(),
                route.driver(), route.get(RouteCounter.REQUESTS), route.get(RouteCounter.RESPONSES),
                route.get(RouteCounter.ERRORS), route.get(RouteCounter.REJECTED), route.get(RouteCounter.DROPPED),
                route.get(RouteCounter.EXPIRED), route.get(RouteCounter.SHORT_CIRCUITED),
                RouteMetrics.breakerStateLabel(route.breakerState()), micros(latencies, 50), micros(latencies, 99),
                micros(latencies, 100));
        }
    }

    private static String micros(final Histogram latencies, final double percentile)
    {
        if (latencies.getTotalCount() == 0)
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f µs", latencies.getValueAtPercentile(percentile) / 1000.0);
    }
}
