package io.rtt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every benchmark subcommand takes: a quick harness check, JSON lines, the number of interleaved runs, and a
 * scratch directory, made for the run and deleted after unless the caller named one.
 */
final class RunOptions
{
    @Option(names = "--quick", description = "One short run: checks the harness, not a figure to quote.")
    boolean quick;

    @Option(names = "--json", description = "One JSON object per figure, one per line.")
    boolean json;

    @Option(names = "--runs", paramLabel = "N", description = "Interleaved runs (default 5, 1 with --quick).")
    Integer runs;

    @Option(names = "--dir", paramLabel = "DIR", description = "Scratch directory (default: a new one under " +
        "/dev/shm when it exists, else the temporary directory, deleted after).")
    Path dir;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec spec;

    /** The interleaved runs asked for, at least 1. */
    int runs()
    {
        final int n = runs != null ? runs : quick ? 1 : 5;
        if (n < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1, got " + n);
        }
        return n;
    }

    /** The scratch directory: the one named, made if missing, else a new one. */
    Path scratch() throws IOException
    {
        return dir != null ? Files.createDirectories(dir) : Files.createTempDirectory(
            Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty(
                "java.io.tmpdir")), "rtt-bench-");
    }

    /** Deletes the scratch directory when it was made for the run. */
    void cleanUp(final Path scratch) throws IOException
    {
        if (dir != null)
        {
            return;
        }
        try (Stream<Path> left = Files.walk(scratch))
        {
            for (final Path file : left.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }
}
