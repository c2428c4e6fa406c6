package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.panel.RouteStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt routes}: the committed routes and whether the workspace's panel serves them.
 */
@Command(name = "routes", mixinStandardHelpOptions = true,
    description = "List the routes committed at the WAL head and whether the workspace's panel (rtt serve) serves " +
        "them: the lane path clients connect to, or why a route is not served.")
public final class RoutesCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call()
    {
        final List<RouteStatus> routes = Engine.open(workspace.path).routes();
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(CanonicalJson.string(Json.tree(routes)));
        }
        else
        {
            PanelPrinter.routes(out, routes);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
