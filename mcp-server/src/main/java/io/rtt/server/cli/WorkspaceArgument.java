package io.rtt.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import io.rtt.engine.Engine;
import io.rtt.engine.scan.ScanResult;
import picocli.CommandLine.Parameters;

/**
 * The {@code [PATH]} argument every workspace verb takes, and the scan those verbs start with.
 */
final class WorkspaceArgument
{
    @Parameters(index = "0", arity = "0..1", defaultValue = ".", paramLabel = "PATH",
        description = "Workspace root (default: the current directory).")
    Path path;

    /**
     * Opens the engine on the workspace and scans it, drawing progress when stderr is a terminal.
     *
     * @param err     the error stream.
     * @param refresh whether to re-parse every manifest.
     * @return the engine and the scan.
     */
    Scanned scan(final PrintWriter err, final boolean refresh)
    {
        final Engine engine = Engine.open(path);
        final TerminalProgress progress = TerminalProgress.forTerminal(err);
        final ScanResult result = engine.scan(null, refresh, progress);
        progress.clear();
        return new Scanned(engine, result);
    }

    record Scanned(Engine engine, ScanResult result)
    {
    }
}
