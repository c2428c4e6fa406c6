package io.rtt.bench;

import java.io.PrintStream;
import java.net.URI;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt bench}: benchmarks against their baselines, the main class of {@code rtt-bench.jar}, which ships apart
 * from the product jar; the {@code ./rtt} launcher hands it every {@code rtt bench …} command line.
 */
@Command(name = "rtt bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.Lanes.class, BenchCommand.Drivers.class},
    description = "Benchmarks, each against its named baseline in the same run.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ok: every goal met",
        "1:failed: a goal missed, or a transport failed (message on stderr)",
        "2:bad input: usage error, malformed argument",
    })
public final class BenchCommand implements Callable<Integer>
{
    /** Every goal met. */
    static final int OK = 0;
    /** A goal missed, or a transport failed. */
    static final int FAILED = 1;
    /** Bad input: fix the command line. */
    static final int BAD_INPUT = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
        description = "Print stack traces of failures.")
    private boolean verbose;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments after {@code bench}.
     */
    public static void main(final String[] args)
    {
        System.exit(commandLine(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)).execute(args));
    }

    /**
     * Builds the command line with its streams, as {@link #main} does and tests do.
     *
     * @param out where results go.
     * @param err where messages go.
     * @return the configured command line.
     */
    public static CommandLine commandLine(final PrintWriter out, final PrintWriter err)
    {
        final CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((ex, line, parseResult) ->
        {
            line.getErr().println("rtt bench: " + ex);
            if (parseResult.subcommands().stream().anyMatch(p -> p.matchedOption("--verbose") != null) ||
                parseResult.matchedOption("--verbose") != null)
            {
                ex.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return FAILED;
        });
        return commandLine;
    }

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /** {@code rtt bench lanes}. */
    @Command(name = "lanes", mixinStandardHelpOptions = true,
        description = {
            "Measure the lanes across processes beside their baselines: the shm lane against a bare Agrona ring and " +
                "Aeron IPC (io.aeron 1.51.0, resolved by the bench's build), the uds lane against a raw JDK " +
                "SocketChannel with the same batching, the metrics cost, and paced 10k msg/s one-way latency " +
                "against a blocking socket. 32-byte and 1 KiB messages; medians over interleaved runs; ratios " +
                "against the goals.",
            "Measure on a quiet machine."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok: every goal met",
            "1:failed: a goal missed, or a transport failed (message on stderr)",
            "2:bad input: usage error, malformed argument",
        })
    static final class Lanes implements Callable<Integer>
    {
        @CommandLine.Mixin
        private RunOptions options;

        @Override
        public Integer call() throws Exception
        {
            final int n = options.runs();
            final Path scratch = options.scratch();
            final List<Comparison> comparisons = LaneBench.run(new LaneBench.Options(scratch, n, options.quick),
                System.err);
            final PrintStream out = System.out;
            if (options.json)
            {
                comparisons.forEach(c -> out.println(c.toJson()));
            }
            else
            {
                LaneBench.printTable(out, comparisons);
            }
            out.flush();
            options.cleanUp(scratch);
            return comparisons.stream().anyMatch(c -> Boolean.FALSE.equals(c.met())) ? FAILED : OK;
        }
    }

    /** {@code rtt bench drivers}: each driver through a route against the system's own client. */
    @Command(name = "drivers", mixinStandardHelpOptions = true,
        description = "Each driver through a route (shm and uds lanes, a panel in a child process as rtt serve) " +
            "beside the same operation done directly by the system's own client from this process: pgjdbc " +
            "(Postgres through RTT's dev service), Jedis (a redis-server on loopback), sqlite-jdbc. Latency with " +
            "one request in flight (goal: p50 at most 15 us over direct) and throughput with 64 in flight (goal: " +
            "at least 0.9x direct, which pipelines where its client can). Needs Postgres and redis-server installed.")
    static final class Drivers implements Callable<Integer>
    {
        @CommandLine.Mixin
        private RunOptions options;

        @Option(names = "--neo4j", paramLabel = "URL", description = "A running Neo4j, bolt://user@host:port, to " +
            "measure the neo4j driver too, its password in RTT_BENCH_NEO4J_PASSWORD (none can be installed here: " +
            "bench/neo4j/bench-drivers-with-neo4j.sh starts the tests' in-process Neo4j and passes it).")
        URI neo4j;

        @Override
        public Integer call() throws Exception
        {
            final int n = options.runs();
            final Path scratch = options.scratch();
            final List<DriverBench.Figures> figures = DriverBench.run(new DriverBench.Options(scratch, n,
                options.quick ? 500 : 20_000, options.quick ? 1_000 : 40_000, neo4j,
                System.getenv("RTT_BENCH_NEO4J_PASSWORD")), System.err);
            final PrintStream out = System.out;
            if (options.json)
            {
                figures.forEach(f -> out.println(f.toJson()));
            }
            else
            {
                DriverBench.printTable(out, figures);
            }
            out.flush();
            options.cleanUp(scratch);
            return figures.stream().allMatch(DriverBench.Figures::met) ? OK : FAILED;
        }
    }
}
