package io.rtt.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The lane benchmarks, each lane across two processes beside its baseline in the same run, runs interleaved:
 * <ul>
 *   <li>shm lane against a bare pair of Agrona rings over one mapped file (busy-polled) and Aeron IPC (a media
 *   driver in this process, shared threading, both ends busy-polled): round-trip p50/p99 and one-way
 *   throughput;</li>
 *   <li>uds lane against a raw JDK {@code SocketChannel} over a Unix-domain address carrying the same frames with the
 *   same 64 KiB batching: round-trip p50/p99 and throughput;</li>
 *   <li>metrics cost: a panel's route (shm, echo driver) streamed from another process, recording its metrics
 *   against the same panel recording none;</li>
 *   <li>paced 10k msg/s one-way latency: shm lane against a blocking read on a raw JDK socket.</li>
 * </ul>
 * Message sizes 32 B and 1 KiB; medians over the runs; ratios against the goals.
 */
public final class LaneBench
{
    /**
     * What to run.
     *
     * @param dir      scratch directory for lane files and sockets.
     * @param runs     runs of each transport per message size.
     * @param quick    fewer messages per run: a smoke test of the harness, not a measurement to quote.
     */
    public record Options(Path dir, int runs, boolean quick)
    {
    }

    private record Counts(int warmup, int pings, int stream)
    {
    }

    private LaneBench()
    {
    }

    /**
     * Runs every comparison.
     *
     * @param options  what to run.
     * @param progress where to say what is running.
     * @return the comparisons, in a stable order.
     * @throws Exception when a transport fails.
     */
    public static List<Comparison> run(final Options options, final PrintStream progress) throws Exception
    {
        Files.createDirectories(options.dir());
        final Counts shm = options.quick() ? new Counts(20_000, 20_000, 1_000_000) :
            new Counts(100_000, 200_000, 10_000_000);
        final Counts socket = options.quick() ? new Counts(5_000, 5_000, 1_000_000) :
            new Counts(50_000, 50_000, 10_000_000);
        final List<Comparison> comparisons = new ArrayList<>();
        for (final int size : new int[] {32, 1024})
        {
            final Map<String, List<double[]>> runs = new LinkedHashMap<>();
            for (int run = 0; run < options.runs(); run++)
            {
                progress.printf(Locale.ROOT, "rtt bench: %d-byte messages, run %d of %d%n", size, run + 1,
                    options.runs());
                record(runs, "ring", measure("ring", options.dir(), size, shm));
                record(runs, "shm", measure("shm", options.dir(), size, shm));
                record(runs, "aeron", measure("aeron", options.dir(), size, shm));
                record(runs, "jdk", measure("jdk", options.dir(), size, socket));
                record(runs, "uds", measureUds(options.dir(), size, socket));
            }
            final String b = " " + size + " B";
            compare(comparisons, "round-trip p50 ns" + b, "shm", runs, 0, "ring", "bare ring", "<= 1.1");
            compare(comparisons, "round-trip p99 ns" + b, "shm", runs, 1, "ring", "bare ring", null);
            compare(comparisons, "round-trip p99 ns" + b, "shm", runs, 1, "aeron", "Aeron IPC", "<= 1.0");
            compare(comparisons, "throughput msg/s" + b, "shm", runs, 2, "ring", "bare ring", null);
            compare(comparisons, "throughput msg/s" + b, "shm", runs, 2, "aeron", "Aeron IPC", ">= 1.0");
            compare(comparisons, "round-trip p50 ns" + b, "uds", runs, 0, "jdk", "raw JDK socket", "<= 1.1");
            compare(comparisons, "round-trip p99 ns" + b, "uds", runs, 1, "jdk", "raw JDK socket", null);
            compare(comparisons, "throughput msg/s" + b, "uds", runs, 2, "jdk", "raw JDK socket", ">= 0.9");
        }
        final Path workspace = PanelRun.workspace(options.dir());
        final Map<String, List<double[]>> panel = new LinkedHashMap<>();
        final int events = options.quick() ? 500_000 : 5_000_000;
        for (int run = 0; run < options.runs(); run++)
        {
            progress.printf(Locale.ROOT, "rtt bench: panel route with and without metrics, run %d of %d%n", run + 1,
                options.runs());
            record(panel, "route, no metrics", PanelRun.measure(workspace, false, events));
            record(panel, "shm route", PanelRun.measure(workspace, true, events));
        }
        compare(comparisons, "route throughput msg/s 32 B", "shm route", panel, 0, "route, no metrics",
            "route, no metrics", ">= 0.95");
        final Map<String, List<double[]>> paced = new LinkedHashMap<>();
        for (int run = 0; run < options.runs(); run++)
        {
            progress.printf(Locale.ROOT, "rtt bench: paced %,d msg/s, run %d of %d%n", PacedRun.RATE, run + 1,
                options.runs());
            record(paced, "jdk", PacedRun.measure("jdk", options.dir()));
            record(paced, "shm", PacedRun.measure("shm", options.dir()));
        }
        final String p = "paced " + PacedRun.RATE / 1000 + "k msg/s one-way ";
        compare(comparisons, p + "p50 ns 32 B", "shm", paced, 0, "jdk", "blocking socket", null);
        compare(comparisons, p + "p99 ns 32 B", "shm", paced, 1, "jdk", "blocking socket", "<= 1.0");
        return comparisons;
    }

    private static void record(final Map<String, List<double[]>> runs, final String kind, final double[] result)
    {
        runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(result);
    }

    private static void compare(final List<Comparison> out, final String metric, final String lane,
        final Map<String, List<double[]>> runs, final int index, final String baselineKind, final String baseline,
        final String goal)
    {
        if (!runs.containsKey(baselineKind))
        {
            return;
        }
        out.add(new Comparison(metric, lane, median(runs.get(lane), index), baseline,
            median(runs.get(baselineKind), index), goal));
    }

    private static double median(final List<double[]> runs, final int index)
    {
        final double[] values = runs.stream().mapToDouble(run -> run[index]).sorted().toArray();
        return values[values.length / 2];
    }

    /** One run of a loop-driven transport: {p50 ns, p99 ns, messages per second}. */
    private static double[] measure(final String kind, final Path dir, final int size, final Counts counts)
        throws Exception
    {
        final Path ringFile = dir.resolve("ring.bench");
        final Path socket = dir.resolve("jdk.sock");
        final Path aeronDir = dir.resolve("aeron");
        // the bare ring is made here before the child maps it; the others are served by the child
        final Ends ring = kind.equals("ring") ? Ends.ring(ringFile, true) : null;
        final String path = switch (kind)
        {
            case "ring" -> ringFile.toString();
            case "jdk" -> socket.toString();
            case "aeron" -> aeronDir.toString();
            default -> dir.toString();
        };
        // Aeron's media driver runs here, as an embedded driver does, before the echo child connects to it
        try (MediaDriver driver = kind.equals("aeron") ? MediaDriver.launch(aeronDriver(aeronDir)) : null;
            Child child = Child.start("echo", kind, path))
        {
            final Ends client = switch (kind)
            {
                case "ring" -> ring;
                case "jdk" -> Ends.jdkConnect(socket);
                case "aeron" -> Ends.aeron(aeronDir, Ends.AERON_PING_STREAM, Ends.AERON_PONG_STREAM, true);
                default -> Ends.shmAttach(dir);
            };
            try
            {
                return drive(client, size, counts);
            }
            finally
            {
                client.close();
                Files.deleteIfExists(dir.resolve("bench.lane"));
                Files.deleteIfExists(dir.resolve("bench.s"));
            }
        }
    }

    private static double[] drive(final Ends client, final int size, final Counts counts)
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
        final long[] got = new long[1];
        final MessageHandler onReply = (type, buffer, offset, length) -> got[0] = buffer.getLong(offset + 8);
        final long[] samples = new long[counts.pings()];
        for (int i = 0; i < counts.warmup() + counts.pings(); i++)
        {
            message.putLong(0, BenchPeer.PING);
            message.putLong(8, i);
            final long start = System.nanoTime();
            while (!client.send(message, size))
            {
                Thread.onSpinWait();
            }
            client.flush();
            got[0] = -1;
            while (got[0] != i)
            {
                client.receive(onReply);
            }
            if (i >= counts.warmup())
            {
                samples[i - counts.warmup()] = System.nanoTime() - start;
            }
        }
        stream(client, message, size, counts.stream() / 5); // warms the streaming path, unmeasured
        final long streamStart = System.nanoTime();
        stream(client, message, size, counts.stream());
        final double rate = counts.stream() * 1e9 / (System.nanoTime() - streamStart);
        Arrays.sort(samples);
        return new double[] {samples[counts.pings() / 2], samples[counts.pings() * 99 / 100], rate};
    }

    /** Streams {@code count} messages and waits until the echo has counted them all. */
    private static void stream(final Ends client, final UnsafeBuffer message, final int size, final int count)
    {
        final long[] got = {-1};
        final MessageHandler onReply = (type, buffer, offset, length) -> got[0] = buffer.getLong(offset + 8);
        message.putLong(0, BenchPeer.DATA);
        for (int i = 0; i < count; i++)
        {
            while (!client.send(message, size))
            {
                Thread.yield();
            }
        }
        message.putLong(0, BenchPeer.END);
        while (!client.send(message, size))
        {
            Thread.yield();
        }
        client.flush();
        while (got[0] != count)
        {
            client.receive(onReply);
        }
    }

    private static double[] measureUds(final Path dir, final int size, final Counts counts) throws Exception
    {
        final Path socket = dir.resolve("uds.sock");
        try (Child child = Child.start("echo", "uds", socket.toString()))
        {
            return UdsRun.measure(socket, size, counts.warmup(), counts.pings(), counts.stream());
        }
    }

    /** One media driver, shared threading (one driver thread, as fits two cores), gone with its run. */
    private static MediaDriver.Context aeronDriver(final Path aeronDir)
    {
        return new MediaDriver.Context().aeronDirectoryName(aeronDir.toString()).threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true).dirDeleteOnShutdown(true);
    }

    /**
     * Prints the comparisons as a table for people.
     *
     * @param out         where to print.
     * @param comparisons what {@link #run} measured.
     */
    public static void printTable(final PrintStream out, final List<Comparison> comparisons)
    {
        out.printf(Locale.ROOT, "%-36s %-12s %14s %-22s %14s %7s %8s %5s%n", "metric", "lane", "value", "baseline",
            "baseline value", "ratio", "goal", "met");
        for (final Comparison c : comparisons)
        {
            out.printf(Locale.ROOT, "%-36s %-12s %,14.0f %-22s %,14.0f %7.2f %8s %5s%n", c.metric(), c.lane(),
                c.value(), c.baseline(), c.baselineValue(), c.ratio(), c.goal() == null ? "-" : c.goal() + "x",
                c.met() == null ? "-" : c.met() ? "yes" : "NO");
        }
    }
}
