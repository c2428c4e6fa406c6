package io.rtt.tools;

import java.nio.file.Path;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.RttException;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.plan.PlanFiles;
import io.rtt.engine.trust.Keyring;

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
            throw new RttException(RttException.Kind.BAD_INPUT, "argument 'plan' is required");
        }
        final PlanFiles files = call.engine().plans();
        final Path file = plan.startsWith("sha256:") ? files.planFile(plan) : call.engine().workspace().resolveInside(plan);
        final Plan read = PlanFiles.read(file);
        if (files.envelope(read.id()) == null)
        {
            throw unsigned(call, read.id(), files.planFile(read.id()));
        }
        final Applier.Outcome outcome = call.engine().applier().apply(read, call.bool("dry_run", false));
        return call.result(outcome, null);
    }

    /**
     * The refusal of an unsigned plan, addressed to an agent: it cannot sign, a human does, with a key that
     * {@code rtt keys init} creates where none exists yet.
     */
    private static RttException unsigned(final ToolCall call, final String id, final Path planFile)
    {
        final boolean noKey = Keyring.of(call.engine().workspace()).localKeys().isEmpty();
        return new RttException(RttException.Kind.REFUSED, "plan " + id + " is unsigned, and only a human can " +
            "sign it: ask the user to run " + (noKey ? "`rtt keys init -w " + call.engine().workspace().root() +
            "` (this workspace has no signing key yet), then " : "") + "`rtt sign " + planFile + "`, then call " +
            "rtt_apply again");
    }
}
