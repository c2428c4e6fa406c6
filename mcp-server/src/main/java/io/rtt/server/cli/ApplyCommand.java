package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.health.CanaryPolicy;
import io.rtt.engine.json.Json;
import io.rtt.engine.panel.CanaryStatus;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.verify.CanaryApply;
import io.rtt.engine.verify.GatedApply;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt apply PLAN}: commit a signed plan to the WAL.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
        "Apply a signed plan: its envelope must carry a threshold of distinct trusted signatures, be unexpired, " +
            "name this workspace and a version above the last applied, and the plan's base must be the WAL head.",
        "The commit point is one fsync'd WAL frame; the graph is stored in .rtt/objects/.",
        "When a panel serves the workspace, waits for it to serve the new head and verifies (as rtt verify); when a " +
            "check fails, records a signed verdict and rolls back by itself if rtt.yaml's automation allows, else " +
            "says which rtt rollback finishes it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:applied (or, with --dry-run, would apply), and verified when a panel runs", "1:failed",
        "2:bad input", "4:applied, but the verify after it failed, or the canary was not promoted (rolled back when " +
            "rtt.yaml's automation allows)",
        "3:refused: unsigned, untrusted, expired, replayed, stale, other workspace, or another apply running"})
public final class ApplyCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private PlanArguments plan;

    @Option(names = "--dry-run", description = "Check everything, commit nothing.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print the outcome as JSON.")
    private boolean json;

    @Option(names = "--no-verify", description = "Do not verify on the running panel after committing.")
    private boolean noVerify;

    @Option(names = "--window", paramLabel = "WINDOW", defaultValue = "5s",
        description = "The window the verify after the commit judges objectives on (default ${DEFAULT-VALUE}).")
    private String window;

    @Option(names = "--canary", description = "Apply as a canary on the running panel: each route the plan changes " +
        "runs beside its current definition on a share of its messages until the panel promotes the plan or rolls it " +
        "back by itself (rtt.yaml automation), with the numbers that decided.")
    private boolean canary;

    @Option(names = "--fraction", paramLabel = "F", description = "With --canary: each changed route's share of " +
        "messages for its canary, above 0 and below 1 (default: rtt.yaml canary.fraction, else 0.1).")
    private Double fraction;

    @Option(names = "--max-wait", paramLabel = "WAIT", defaultValue = "60s", description = "With --canary: how long " +
        "it may run before it is judged on what it has, 1 s to 1 h (default ${DEFAULT-VALUE}).")
    private String maxWait;

    @Option(names = "--traffic", paramLabel = "N", defaultValue = "0", description = "With --canary: send N requests " +
        "over each changed route while it runs, for a workspace whose clients are not running (default: none).")
    private int traffic;

    @Override
    public Integer call()
    {
        final Plan read = plan.plan();
        if (canary)
        {
            if (dryRun)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--canary and --dry-run exclude each " +
                    "other: a dry run commits nothing to judge");
            }
            return canary(read);
        }
        if (!dryRun && !noVerify)
        {
            return gated(read);
        }
        final Applier.Outcome outcome = plan.engine().applier().apply(read, dryRun);
        if (json)
        {
            spec.commandLine().getOut().println(io.rtt.engine.json.CanonicalJson.string(
                io.rtt.engine.json.Json.tree(outcome)));
        }
        else
        {
            spec.commandLine().getOut().printf("%s %s as WAL frame %d (graph %s, version %d)%n",
                outcome.committed() ? "applied" : "would apply", read.id(), outcome.seq(), outcome.graph(),
                outcome.version());
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** Applies as a canary and prints the verdict with each route's numbers; exit 4 unless promoted. */
    private int canary(final Plan read)
    {
        final double share = fraction != null ? fraction : CanaryPolicy.load(plan.engine().workspace()).fraction();
        final CanaryApply.Report report = plan.engine().applyCanary(read, share,
            MetricsCommand.parseWindow(maxWait), traffic);
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(CanonicalJson.string(Json.tree(report)));
        }
        else
        {
            out.printf("applied %s as WAL frame %d as a canary (%.0f%% of each changed route's messages)%n",
                read.id(), report.applied().seq(), share * 100);
            if (!report.traffic().isEmpty())
            {
                PanelPrinter.probes(out, report.traffic());
            }
            final CanaryStatus status = report.canary();
            for (final CanaryStatus.RouteCanary route : status.routes())
            {
                out.printf("  %-18s %s%n", TerminalText.escape(route.route()),
                    TerminalText.escape(route.verdict().explanation()));
            }
            out.printf("canary %s after %.1f s: %s%n", status.state().replace('_', ' '), status.elapsedMs() / 1e3,
                TerminalText.escape(status.summary()));
            if (status.verdictFrame() != null)
            {
                out.printf("verdict recorded as WAL frame %d%s%n", status.verdictFrame(), status.rollbackFrame() == null ?
                    "" : ", rollback as WAL frame " + status.rollbackFrame());
            }
            if (!status.note().isEmpty())
            {
                out.println(TerminalText.escape(status.note()));
            }
        }
        out.flush();
        return "promoted".equals(report.canary().state()) ? ExitCodes.OK : ExitCodes.CHANGES;
    }

    /** Applies, verifies on the running panel, and reports the rollback RTT made by itself when verify failed. */
    private int gated(final Plan read)
    {
        final GatedApply.Report report = plan.engine().applyVerified(read, MetricsCommand.parseWindow(window));
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(CanonicalJson.string(Json.tree(report)));
        }
        else
        {
            final Applier.Outcome applied = report.applied();
            out.printf("applied %s as WAL frame %d (graph %s, version %d)%n", read.id(), applied.seq(),
                applied.graph(), applied.version());
            if (report.verify() != null)
            {
                VerifyPrinter.print(out, report.verify());
            }
            if (report.rollback() != null)
            {
                out.printf("rolled back by itself: verdict and rollback recorded, WAL frame %d restores graph %s%n",
                    report.rollback().seq(), report.rollback().graph());
            }
            if (!report.note().isEmpty())
            {
                out.println(TerminalText.escape(report.note()));
            }
        }
        out.flush();
        return report.verify() == null || report.verify().passed() ? ExitCodes.OK : ExitCodes.CHANGES;
    }
}
