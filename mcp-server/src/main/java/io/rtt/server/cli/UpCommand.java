package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.deps.DriftGroup;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.plan.PlanFiles;
import io.rtt.engine.scan.ScanResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rtt up}: the main job. Scans the workspace and shows what it found (components, who calls whom and why,
 * what could not be read), doctors its dependency versions and plans its routes. Signing and applying stay a
 * human's step; running the routes and verifying them join this verb with the data plane.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {
        "Run the pipeline on a workspace: scan it (components, who calls whom with file:line evidence, " +
            "diagnostics), doctor its dependency versions, and plan its routes against the WAL head. Signing and " +
            "applying stay a human's step (rtt sign, rtt apply)."
    })
public final class UpCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final WorkspaceArgument.Scanned scanned = workspace.scan(spec.commandLine().getErr(), false);
        final ScanResult result = scanned.result();
        final Engine engine = scanned.engine();
        out.println("== scan");
        ScanPrinter.summary(out, result);
        ScanPrinter.details(out, result);
        out.println();
        out.println("index written to " + engine.workspace().indexFile() + " (" + result.digest() + ")");

        out.println();
        out.println("== doctor");
        final DoctorReport report = engine.doctor();
        final long drifting = report.groups().stream().filter(DriftGroup::drifts).count();
        out.printf("%d of %d shared dependencies drift%s%n", drifting, report.groups().size(),
            drifting == 0 ? "" : ": see `rtt doctor " + engine.workspace().root() + "`, fix with --fix");

        out.println();
        out.println("== plan");
        final Plan plan = engine.plan();
        PlanPrinter.print(out, plan);
        out.println();
        out.println(plan.actions().isEmpty() ? "the WAL head already is the desired graph" :
            "next: sign and apply it: `rtt keys init -w " + engine.workspace().root() + "` (once), `rtt sign " +
            new PlanFiles(engine.workspace()).planFile(plan.id()) + "`, `rtt apply <same file>`");
        out.println("serve it to an MCP client with `rtt serve --stdio " + engine.workspace().root() + "`");
        out.flush();
        return ExitCodes.OK;
    }
}
