package io.rtt.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.plan.Plan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt plan}: the plan that takes the WAL head to the wiring the index and rtt.yaml ask for.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {
        "Plan the routes between the workspace's components against the WAL head: each edge to a serving " +
            "component becomes a route, each route's lane (shm or uds) is solved under rtt.yaml's constraints.",
        "Writes .rtt/plans/<id>.plan.json; the same inputs give the same bytes and id."
    },
    exitCodeList = {"0:no changes", "4:changes planned: review, then rtt sign and rtt apply the plan"})
public final class PlanCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the plan to FILE.")
    private Path out;

    @Option(names = "--json", description = "Print the plan (canonical JSON) instead of a summary.")
    private boolean json;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        final Engine engine = Engine.open(workspace.path);
        final Plan plan = engine.plan();
        if (out != null)
        {
            Files.write(out, plan.canonicalBytes());
        }
        if (json)
        {
            stdout.println(new String(plan.canonicalBytes(), StandardCharsets.UTF_8));
        }
        else
        {
            PlanPrinter.print(stdout, plan);
            stdout.println("written to " + engine.plans().planFile(plan.id()));
            if (!plan.actions().isEmpty())
            {
                stdout.println("next: rtt sign <plan file>, then rtt apply <plan file>");
            }
        }
        stdout.flush();
        return plan.actions().isEmpty() ? ExitCodes.OK : ExitCodes.CHANGES;
    }
}
