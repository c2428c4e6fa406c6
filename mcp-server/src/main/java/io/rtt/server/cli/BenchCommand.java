package io.rtt.server.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.rtt.bench.Comparison;
import io.rtt.bench.LaneBench;
import io.rtt.engine.RttException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt bench}: benchmarks against their baselines.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchCommand.Lanes.class,
    description = "Benchmarks, each against its named baseline in the same run.")
public final class BenchCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /** {@code rtt bench lanes}. */
    @Command(name = "lanes", mixinStandardHelpOptions = true,
        description = {
            "Measure the lanes across processes beside their baselines: the shm lane against a bare Agrona ring and " +
                "Aeron IPC (aeron-all 1.51.0, if its jar is found), the uds lane against a raw JDK SocketChannel " +
                "with the same batching, the metrics cost, and paced 10k msg/s one-way latency against a blocking " +
                "socket. 32-byte and 1 KiB messages; medians over interleaved runs; ratios against the goals.",
            "Exit 0 when every goal is met, 1 when one is not. Measure on a quiet machine."
        })
    static final class Lanes implements Callable<Integer>
    {
        @Option(names = "--quick", description = "One short run of each: checks the harness, not a figure to quote.")
        boolean quick;

        @Option(names = "--json", description = "One JSON object per comparison (metric, lane, value, baseline, " +
            "baseline_value, ratio, goal, met), one per line.")
        boolean json;

        @Option(names = "--runs", paramLabel = "N", description = "Interleaved runs of each transport (default 5, " +
            "1 with --quick).")
        Integer runs;

        @Option(names = "--aeron-jar", paramLabel = "JAR", description = "aeron-all-1.51.0.jar (default: the one in " +
            "~/.m2; get it with `mvn dependency:get -Dartifact=io.aeron:aeron-all:1.51.0`).")
        Path aeronJar;

        @Option(names = "--dir", paramLabel = "DIR", description = "Scratch directory for lane files (default: a " +
            "new one under /dev/shm when it exists, else the temporary directory).")
        Path dir;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception
        {
            final int n = runs != null ? runs : quick ? 1 : 5;
            if (n < 1)
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "--runs must be at least 1, got " + n);
            }
            final Path jar = aeronJar != null ? aeronJar : LaneBench.DEFAULT_AERON_JAR;
            if (aeronJar != null && !Files.isRegularFile(aeronJar))
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "no such file: " + aeronJar);
            }
            final PrintStream err = System.err;
            if (!Files.isRegularFile(jar))
            {
                err.println("rtt bench: no aeron-all jar at " + jar + "; the Aeron comparisons are skipped");
            }
            final Path scratch = dir != null ? dir : Files.createTempDirectory(
                Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty(
                    "java.io.tmpdir")), "rtt-bench-");
            final List<Comparison> comparisons = LaneBench.run(
                new LaneBench.Options(scratch, n, quick, Files.isRegularFile(jar) ? jar : null), err);
            final PrintStream out = System.out;
            if (json)
            {
                comparisons.forEach(c -> out.println(c.toJson()));
            }
            else
            {
                LaneBench.printTable(out, comparisons);
            }
            out.flush();
            if (dir == null)
            {
                try (Stream<Path> left = Files.walk(scratch))
                {
                    for (final Path file : left.sorted(Comparator.reverseOrder()).toList())
                    {
                        Files.deleteIfExists(file);
                    }
                }
            }
            return comparisons.stream().anyMatch(c -> Boolean.FALSE.equals(c.met())) ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }
}
