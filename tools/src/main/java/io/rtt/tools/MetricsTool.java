package io.rtt.tools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.json.Digests;
import io.rtt.engine.telemetry.MetricsReport;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.telemetry.RouteWindow;

/**
 * {@code rtt_metrics}: the running panel's routes over a recent window: requests and errors per second, rejected,
 * dropped and expired messages, service latency quantiles, bytes. Read-only and idempotent; the numbers change as
 * traffic does.
 */
public final class MetricsTool implements RttTool
{
    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_metrics", "Read route metrics",
        "Per-route metrics of the workspace's running panel over the last windowSeconds (1 to 60, default 60): " +
            "seconds covered, requests, responses, errors, rejected, dropped, expired, shortCircuited (refused by " +
            "an open circuit breaker), requestsPerSecond, errorsPerSecond, latency (samples, p50Us, p95Us, p99Us, " +
            "p999Us, maxUs in microseconds), bytesIn, bytesOut, and breaker (closed, half_open or open). route " +
            "limits it to one route. Needs a running panel (rtt_panel action=start). The answer " +
            "fits maxChars (default 20000 characters); pass nextCursor as cursor for the rest.",
        true, false, true);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(Set.of("route", "windowSeconds", "cursor", "maxChars"));
        final int seconds = call.integer("windowSeconds", RouteMetrics.WINDOW_SLICES, 1, RouteMetrics.WINDOW_SLICES);
        final MetricsReport report = call.engine().metrics(call.string("route"), Duration.ofSeconds(seconds));
        // cursors are bound to the routes listed, not to their numbers, which change between pages
        final String routes = seconds + ":" + report.routes().stream().map(RouteWindow::route)
            .collect(Collectors.joining("\n"));
        return call.result(report, Digests.sha256(routes.getBytes(StandardCharsets.UTF_8)));
    }
}
