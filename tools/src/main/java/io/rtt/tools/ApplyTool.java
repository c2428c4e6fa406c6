package io.rtt.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.RttException;
import io.rtt.engine.health.CanaryPolicy;
import io.rtt.engine.panel.CanaryStatus;
import io.rtt.engine.panel.Probe;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.plan.PlanFiles;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.verify.CanaryApply;
import io.rtt.engine.verify.GatedApply;
import io.rtt.engine.verify.VerifyReport;
import org.jspecify.annotations.Nullable;

/**
 * {@code rtt_apply}: commits a signed plan to the WAL. Destructive. Applies only a plan whose envelope meets the
 * trust policy; otherwise the refusal says what a human does next.
 */
public final class ApplyTool implements RttTool
{
    /** The verify window after a commit, as {@code rtt apply}'s default. */
    private static final int DEFAULT_VERIFY_WINDOW_SECONDS = 5;
    /** How long a canary may run by default, as {@code rtt apply --canary}'s. */
    private static final int DEFAULT_CANARY_SECONDS = 60;
    private static final int MAX_CANARY_SECONDS = 3_600;
    private static final int MAX_TRAFFIC = 1_000_000;

    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_apply", "Apply a signed plan",
        "Commit a plan to the WAL. Only a plan signed by a threshold of trusted keys, unexpired, for this workspace, " +
            "with a version above the last applied and made against the current WAL head is applied; otherwise " +
            "the error says what a human does next (usually the `rtt sign` command to run). dry_run checks only. " +
            "When a panel runs, the commit is verified on it (verify, as rtt_verify answers; off with verify=false): " +
            "a failed verify is recorded as a signed verdict and rolled back by RTT itself when rtt.yaml's " +
            "automation allows, else note says which command finishes it. With canary {fraction, maxSeconds, " +
            "traffic} the plan is applied as a canary instead: each changed route runs beside its current " +
            "definition on fraction of its messages until the panel promotes it or rolls it back by itself; canary " +
            "has the state and every route's numbers (latency medians and p99, error rates, Mann-Whitney U, " +
            "proportion test), and rtt_log shows the verdict and rollback frames.",
        false, true, false);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(Set.of("plan", "dry_run", "verify", "windowSeconds", "canary"));
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
        final ToolCall canary = call.object("canary", Set.of("fraction", "maxSeconds", "traffic"));
        final boolean dryRun = call.bool("dry_run", false);
        if (canary != null)
        {
            if (dryRun)
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "canary and dry_run exclude each other: a dry " +
                    "run commits nothing to judge");
            }
            final CanaryApply.Report report = call.engine().applyCanary(read,
                canary.number("fraction", CanaryPolicy.load(call.engine().workspace()).fraction(), 0, 1),
                Duration.ofSeconds(canary.integer("maxSeconds", DEFAULT_CANARY_SECONDS, 1, MAX_CANARY_SECONDS)),
                canary.integer("traffic", 0, 0, MAX_TRAFFIC));
            return call.result(new Applied(report.applied(), null, null, null, report.canary(), report.traffic()),
                null);
        }
        final int window = call.integer("windowSeconds", DEFAULT_VERIFY_WINDOW_SECONDS, 1,
            RouteMetrics.WINDOW_SLICES);
        if (dryRun || !call.bool("verify", true))
        {
            return call.result(new Applied(call.engine().applier().apply(read, dryRun), null, null, null, null,
                null), null);
        }
        final GatedApply.Report report = call.engine().applyVerified(read, Duration.ofSeconds(window));
        return call.result(new Applied(report.applied(), report.verify(), report.rollback(),
            report.note().isEmpty() ? null : report.note(), null, null), null);
    }

    /**
     * What rtt_apply answers: the commit's fields at the top, and what followed it when something did.
     *
     * @param committed whether it was committed (false for a dry run).
     * @param seq       its WAL frame.
     * @param graph     the graph committed.
     * @param version   its envelope's version.
     * @param verify    the verify after it, or null.
     * @param rollback  the rollback RTT made by itself, or null.
     * @param note      what a person should know, or null.
     * @param canary    how the canary ended, or null.
     * @param traffic   the requests sent over the changed routes during the canary, or null.
     */
    private record Applied(boolean committed, long seq, String graph, long version, @Nullable VerifyReport verify,
        Applier.@Nullable Outcome rollback, @Nullable String note, @Nullable CanaryStatus canary,
        @Nullable List<Probe.Result> traffic)
    {
        private Applied(final Applier.Outcome outcome, final @Nullable VerifyReport verify,
            final Applier.@Nullable Outcome rollback, final @Nullable String note,
            final @Nullable CanaryStatus canary, final @Nullable List<Probe.Result> traffic)
        {
            this(outcome.committed(), outcome.seq(), outcome.graph(), outcome.version(), verify, rollback, note,
                canary, traffic);
        }
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
