package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.verify.VerifyReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt verify}: whether the committed wiring holds now, with exit 0 when it does and 4 when a check fails.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verify the committed wiring now: the WAL chain and every signed frame's signatures re-verify, " +
        "the head's graph is stored, the running panel serves the head, every route with a driver answers a probe " +
        "within its deadline, breakers are closed, and each route meets its objectives (rtt.yaml slos) over the " +
        "window. Each failure names the route, the number and the bound. Exit 0 when every check holds, 4 when one " +
        "fails.")
public final class VerifyCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--window", paramLabel = "WINDOW", defaultValue = "30s",
        description = "The window objectives are judged on: seconds (30s, or 30) or minutes (1m); at most 60 s " +
            "(default ${DEFAULT-VALUE}).")
    private String window;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call()
    {
        final VerifyReport report = Engine.open(workspace.path).verify(MetricsCommand.parseWindow(window));
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(CanonicalJson.string(Json.tree(report)));
        }
        else
        {
            VerifyPrinter.print(out, report);
        }
        out.flush();
        return report.passed() ? ExitCodes.OK : ExitCodes.CHANGES;
    }
}
