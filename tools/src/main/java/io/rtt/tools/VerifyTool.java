package io.rtt.tools;

import java.time.Duration;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.verify.VerifyReport;

/**
 * {@code rtt_verify}: whether the committed wiring holds now. Read-only; not idempotent in its answer, as probes and
 * windows move with time.
 */
public final class VerifyTool implements RttTool
{
    /** The window objectives are judged on when the caller names none, as {@code rtt verify}'s default. */
    private static final int DEFAULT_WINDOW_SECONDS = 30;

    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_verify", "Verify the wiring",
        "Verify the committed wiring now. Invariants: the WAL hash chain and every signed frame's signatures " +
            "re-verify, the head's graph is stored, the running panel serves the head, every route with a driver " +
            "answers a probe within its deadline, breakers are closed. Objectives: each route's slos from rtt.yaml " +
            "(p50/p95/p99 latency, error rate, minimum requests per second) over the last windowSeconds (1 to 60, " +
            "default 30). passed is false when any check has outcome FAIL; each check names the route, the number " +
            "and the bound in detail. NOT_JUDGED checks (no driver yet, too little traffic) do not fail. Needs a " +
            "running panel for routes (rtt_panel action=start). The answer fits maxChars (default 20000 " +
            "characters); pass nextCursor as cursor for the rest.",
        true, false, false);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(Set.of("windowSeconds", "cursor", "maxChars"));
        final int seconds = call.integer("windowSeconds", DEFAULT_WINDOW_SECONDS, 1, RouteMetrics.WINDOW_SLICES);
        final VerifyReport report = call.engine().verify(Duration.ofSeconds(seconds));
        return call.result(report, null);
    }
}
