package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.scan.ScanResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rtt up}: the main job. Today it scans the workspace and shows what it found: components, who calls whom
 * and why, and what could not be read. Later steps (doctor, plan, sign, apply, verify) join the same verb.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {
        "Run the pipeline on a workspace. Today: scan it and show its components, who calls whom (with the " +
            "file and line of the evidence) and the diagnostics."
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
        out.println("next: serve it to an MCP client with `rtt serve --stdio " + engine.workspace().root() + "`");
        out.flush();
        return ExitCodes.OK;
    }
}
