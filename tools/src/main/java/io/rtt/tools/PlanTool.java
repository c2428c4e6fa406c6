package io.rtt.tools;

import java.util.List;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.plan.Plan;

/**
 * {@code rtt_plan}: plans the workspace's routes against the WAL head and writes the plan. Not destructive: a plan
 * changes nothing until a human signs it and it is applied.
 */
public final class PlanTool implements RttTool
{
    record Output(String id, String file, String base, String graph, boolean changes, List<Plan.Action> actions,
        List<Plan.Decision> decisions, String next)
    {
    }

    private static final Set<String> ARGUMENTS = Set.of("limit", "cursor", "maxChars");

    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_plan", "Plan the wiring",
        "Plan routes between the workspace's components against the WAL head: each edge to a serving component " +
            "becomes a route whose lane (shm or uds) is solved under rtt.yaml's constraints; every decision carries " +
            "its reason. Writes .rtt/plans/<id>.plan.json. Applying needs a trusted human signature (rtt sign). The " +
            "answer fits maxChars (default 20000 characters): actions, then decisions, page in order; pass " +
            "nextCursor as cursor for the rest.",
        false, false, true);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(ARGUMENTS);
        call.scan(null, false);
        final Plan plan = call.engine().plan();
        final String file = call.engine().plans().planFile(plan.id()).toString();
        final String next = plan.actions().isEmpty() ? "nothing to apply: the WAL head is the desired graph" :
            "a human signs it with `rtt sign " + file + "`, then call rtt_apply with plan=" + plan.id();
        call.log().log(McpSchema.LoggingLevel.INFO, "plan " + plan.id() + ": " + plan.actions().size() +
            " actions, written to " + file);
        return call.result(new Output(plan.id(), file, plan.base(), plan.graph(), !plan.actions().isEmpty(),
            plan.actions(), plan.decisions(), next), plan.id());
    }
}
