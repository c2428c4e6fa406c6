package io.rtt.server.cli;

import java.util.concurrent.Callable;

import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
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
        "The commit point is one fsync'd WAL frame; the graph is stored in .rtt/objects/."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:applied (or, with --dry-run, would apply)", "1:failed", "2:bad input",
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

    @Override
    public Integer call()
    {
        final Plan read = plan.plan();
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
}
