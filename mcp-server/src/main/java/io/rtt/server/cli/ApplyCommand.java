package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
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
        "2:bad input", "4:applied, but the verify after it failed (rolled back when rtt.yaml's automation allows)",
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

    @Override
    public Integer call()
    {
        final Plan read = plan.plan();
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
