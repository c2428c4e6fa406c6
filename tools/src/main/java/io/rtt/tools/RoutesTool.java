package io.rtt.tools;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.panel.RouteStatus;

/**
 * {@code rtt_routes}: the committed routes and whether the workspace's panel serves them, with each lane's path (for
 * a client to connect to) or the reason it is not served.
 */
public final class RoutesTool implements RttTool
{
    record Output(long served, List<RouteStatus> routes)
    {
    }

    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_routes", "Show the live routes",
        "List the routes committed at the WAL head and whether the workspace's panel (rtt serve) serves them: for a " +
            "served route its lane kind, driver and lane path, which clients connect to by route name, and its " +
            "circuit breaker (closed, half_open or open: failing fast after its backend failed); otherwise why " +
            "not (no panel running, or no built-in driver yet). The answer fits maxChars (default 20000 characters); " +
            "pass nextCursor as cursor for the rest.",
        true, false, true);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(ToolCall.PAGE_ARGUMENTS);
        final List<RouteStatus> routes = call.engine().routes();
        return call.result(new Output(routes.stream().filter(RouteStatus::served).count(), routes), null);
    }
}
