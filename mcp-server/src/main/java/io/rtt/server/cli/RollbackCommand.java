package io.rtt.server.cli;

import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.plan.Applier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt rollback}: restore an earlier graph by a new, signed WAL frame.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Append a rollback frame, signed by the local trusted keys, that restores the graph of an " +
        "earlier frame (default: the one before the head; 0 is the empty graph).")
public final class RollbackCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--to", paramLabel = "SEQ", defaultValue = "-1", description = "Frame whose graph to restore.")
    private long to;

    @Option(names = "--dry-run", description = "Check everything, commit nothing.")
    private boolean dryRun;

    @Override
    public Integer call()
    {
        final Applier.Outcome outcome = Engine.open(workspace.path).applier().rollback(to, dryRun);
        spec.commandLine().getOut().printf("%s graph %s as WAL frame %d%n",
            outcome.committed() ? "rolled back to" : "would roll back to", outcome.graph(), outcome.seq());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
