package io.rtt.server.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import io.rtt.engine.scan.ScanResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt scan}: catalog the workspace into {@code .rtt/index/symbols.index.json}.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = {
        "Walk the workspace (honouring .gitignore) and catalog package.json, requirements*.txt, pyproject.toml, " +
            "pom.xml, go.mod, Cargo.toml and compose files into components, dependencies, edges and diagnostics.",
        "Writes .rtt/index/symbols.index.json (canonical JSON: the same tree gives the same bytes)."
    })
public final class ScanCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--json", description = "Print the index as canonical JSON on stdout instead of a summary.")
    private boolean json;

    @Option(names = "--refresh", description = "Re-parse every manifest even if the tree looks unchanged.")
    private boolean refresh;

    @Override
    public Integer call()
    {
        final CommandLine line = spec.commandLine();
        final WorkspaceArgument.Scanned scanned = workspace.scan(line.getErr(), refresh);
        final ScanResult result = scanned.result();
        if (json)
        {
            line.getOut().println(new String(result.index().canonicalBytes(), StandardCharsets.UTF_8));
        }
        else
        {
            ScanPrinter.summary(line.getOut(), result);
            line.getOut().println("index: " + scanned.engine().workspace().layout().indexFile());
        }
        line.getOut().flush();
        return ExitCodes.OK;
    }
}
