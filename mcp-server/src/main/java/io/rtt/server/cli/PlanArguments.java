package io.rtt.server.cli;

import java.nio.file.Path;

import io.rtt.engine.Engine;
import io.rtt.engine.StateLayout;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.plan.PlanFiles;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code PLAN} argument of sign and apply, and the workspace it belongs to: {@code --workspace}, else the
 * workspace whose {@code .rtt/plans/} holds the file, else the current directory.
 */
final class PlanArguments
{
    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (.rtt/plans/<id>.plan.json).")
    Path file;

    @Option(names = {"-w", "--workspace"}, paramLabel = "PATH",
        description = "Workspace root (default: the one whose .rtt/plans holds PLAN, else the current directory).")
    Path workspace;

    Engine engine()
    {
        if (workspace != null)
        {
            return Engine.open(workspace);
        }
        final Path root = StateLayout.rootOfPlanFile(file);
        return Engine.open(root != null ? root : Path.of("."));
    }

    Plan plan()
    {
        return PlanFiles.read(file);
    }
}
