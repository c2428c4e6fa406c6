package io.rtt.server.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.rtt.engine.plan.Plan;
import io.rtt.engine.plan.PlanFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtt show PLAN}: a plan, checked against its id.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show a plan file, after checking that its content matches its id.")
public final class ShowCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file.")
    private Path file;

    @Option(names = "--json", description = "Print the plan's canonical JSON.")
    private boolean json;

    @Override
    public Integer call()
    {
        final Plan plan = PlanFiles.read(file);
        if (json)
        {
            spec.commandLine().getOut().println(new String(plan.canonicalBytes(), StandardCharsets.UTF_8));
        }
        else
        {
            PlanPrinter.print(spec.commandLine().getOut(), plan);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
