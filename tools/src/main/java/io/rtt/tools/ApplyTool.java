package io.rtt.tools;

import java.nio.file.Path;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.PlanFiles;

/**
 * {@code rtt_apply}: commits a signed plan to the WAL. Destructive. Applies only a plan whose envelope meets the
 * trust policy; otherwise the refusal says what a human does next.
 */
public final class ApplyTool implements RttTool
{
    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_apply", "Apply a signed plan",
        "Commit a plan to the WAL. Only a plan signed by a threshold of trusted keys, unexpired, for this workspace, " +
            "with a version above the last applied and made against the current WAL head is applied; otherwise " +
            "the error says what a human does next (usually the `rtt sign` command to run). dry_run checks only.",
        false, true, false);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(Set.of("plan", "dry_run"));
        final String plan = call.string("plan");
        if (plan == null)
        {
            throw new io.rtt.engine.RttException(io.rtt.engine.RttException.Kind.BAD_INPUT, "argument 'plan' is required");
        }
        final PlanFiles files = call.engine().plans();
        final Path file = plan.startsWith("sha256:") ? files.planFile(plan) : call.engine().workspace().resolveInside(plan);
        final Applier.Outcome outcome = call.engine().applier().apply(PlanFiles.read(file), call.bool("dry_run", false));
        return ToolJson.success(ToolJson.toMap(outcome));
    }
}
