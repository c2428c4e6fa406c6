package io.rtt.tools;

import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.panel.DetachedPanel;
import io.rtt.engine.panel.PanelClient;
import io.rtt.engine.panel.PanelStatus;
import org.jspecify.annotations.Nullable;

/**
 * {@code rtt_panel}: starts the workspace's panel in the background, stops it, or reports its status, so an agent can
 * run the routes it applied without handing a shell command to a human. Not read-only, and destructive: stopping
 * the panel ends the routes it serves. Idempotent: starting a running panel is refused, and stopping a stopped one
 * does nothing.
 */
public final class PanelTool implements RttTool
{
    /** Default metrics port of a panel started here, the same as {@code rtt serve}'s. */
    static final int METRICS_PORT_DEFAULT = 9464;

    record Output(String action, boolean running, @Nullable PanelStatus status, DetachedPanel.@Nullable Stop stop,
        String detail)
    {
    }

    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_panel", "Start, stop or check the panel",
        "Run the workspace's panel, which serves the routes committed at the WAL head on their lanes and follows the " +
            "head. action=start runs it in the background (its log in .rtt/panel.log, its pid in .rtt/panel.pid) " +
            "and returns once it answers, with its routes; refused while one runs. action=stop asks it to stop and " +
            "waits for it to exit (stopping ends every route it serves). action=status says whether one runs, with " +
            "its pid, uptime, WAL head and each route's lane or why it is not served. metricsPort (start only, " +
            "default 9464; 0 any free port, -1 none) is the loopback port of its Prometheus /metrics. The answer " +
            "fits maxChars (default 20000 characters); pass nextCursor as cursor for the rest of the routes.",
        false, true, true);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(Set.of("action", "metricsPort", "cursor", "maxChars"));
        final String action = call.string("action");
        final Engine engine = call.engine();
        if (action == null)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "argument 'action' is required: start, stop or status");
        }
        if (!"start".equals(action) && call.arguments().containsKey("metricsPort"))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "argument 'metricsPort' applies to action start only");
        }
        final Output output = switch (action)
        {
            case "start" ->
            {
                final PanelStatus status = engine.startPanelInBackground(
                    call.integer("metricsPort", METRICS_PORT_DEFAULT, -1, 65_535));
                yield new Output(action, true, status, null, "panel pid " + status.pid() + " serves " +
                    status.served() + " of " + status.routes().size() + " committed routes; its log is " +
                    engine.workspace().layout().panelLogFile());
            }
            case "stop" ->
            {
                final DetachedPanel.Stop stop = engine.stopPanel();
                yield new Output(action, false, null, stop, stop.stopped() ? "panel pid " + stop.pid() + " " +
                    stop.detail() : stop.detail());
            }
            case "status" -> engine.panelRunning() ? running(engine.panelStatus()) :
                new Output(action, false, null, null, PanelClient.notRunning(engine.workspace()) +
                    ", or call rtt_panel with action=start");
            default -> throw new RttException(RttException.Kind.BAD_INPUT, "argument 'action' must be start, stop " +
                "or status, got " + action);
        };
        return call.result(output, null);
    }

    private static Output running(final PanelStatus status)
    {
        return new Output("status", true, status, null, "panel pid " + status.pid() + " has served " +
            status.served() + " of " + status.routes().size() + " committed routes for " + status.uptimeMs() / 1000 +
            " s");
    }
}
