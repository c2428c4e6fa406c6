import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.rtt.engine.fabric.ShmLane;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Cross-process shm lane benchmark against its baselines: a bare pair of Agrona one-to-one rings over one mapped file
 * whose ends busy-poll, and, when the aeron-all jar is given, Aeron IPC ({@code AeronBench}, its own JVM). A child process echoes pings and counts streamed messages; this process measures round-trip
 * latency (p50, p99) and one-way throughput. Runs alternate between the two, RUNS times each; medians and ratios are
 * printed.
 *
 * Run from the repository root:
 * <pre>java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp mcp-server/target/rtt.jar bench/lanes/LaneBench.java DIR [RUNS [AERON_JAR]] [--json]</pre>
 * With {@code --json}, prints one object per comparison ({@code metric, lane, value, baseline, baseline_value, ratio,
 * goal, met}) instead of the tables.
 */
public final class LaneBench
{
    static final int CAPACITY = 1 << 20;
    static final int WARMUP = 100_000;
    static final int PINGS = 200_000;
    static final int STREAM = 10_000_000;
    static final long PING = 0, DATA = 1, END = 2;
    /** Print one JSON object per comparison instead of the tables. */
    static boolean json;

    public static void main(final String[] args) throws Exception
    {
        if (args[0].equals("echo-ring") || args[0].equals("echo-lane"))
        {
            echo(args[0].equals("echo-ring") ? Ends.ring(Path.of(args[1]), false) : Ends.serve(Path.of(args[1])));
            return;
        }
        json = Arrays.asList(args).contains("--json");
        final String[] positional = Arrays.stream(args).filter(arg -> !arg.equals("--json")).toArray(String[]::new);
        final Path dir = Path.of(positional[0]);
        final int runs = positional.length > 1 ? Integer.parseInt(positional[1]) : 5;
        final String aeronJar = positional.length > 2 ? positional[2] : null;
        Files.createDirectories(dir);
        for (final int size : new int[] {32, 1024})
        {
            final List<double[]> ring = new ArrayList<>();
            final List<double[]> lane = new ArrayList<>();
            final List<double[]> aeron = new ArrayList<>();
            for (int run = 0; run < runs; run++)
            {
                ring.add(measure("ring", dir, size));
                lane.add(measure("lane", dir, size));
                if (aeronJar != null)
                {
                    aeron.add(measureAeron(aeronJar, size));
                }
            }
            report(size, ring, lane, aeron);
        }
    }

    /** One Aeron IPC run, in a JVM of its own on the aeron-all class path. */
    static double[] measureAeron(final String aeronJar, final int size) throws Exception
    {
        final Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", aeronJar, "bench/lanes/AeronBench.java",
            "measure", "/dev/shm/rtt-aeron-bench", Integer.toString(size), Integer.toString(PINGS),
            Integer.toString(WARMUP), Integer.toString(STREAM))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String[] result = new String(bench.getInputStream().readAllBytes()).trim().split(" ");
        if (bench.waitFor() != 0 || result.length != 3)
        {
            throw new IllegalStateException("Aeron run failed: " + String.join(" ", result));
        }
        return Arrays.stream(result).mapToDouble(Double::parseDouble).toArray();
    }

    /** One run: {p50 ns, p99 ns, messages per second}. */
    static double[] measure(final String kind, final Path dir, final int size) throws Exception
    {
        final Path file = dir.resolve("ring.bench");
        // the ring is made here before the child maps it; the lane is served by the child and attached after
        final Ends ring = kind.equals("ring") ? Ends.ring(file, true) : null;
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            "bench/lanes/LaneBench.java",
            "echo-" + kind, kind.equals("ring") ? file.toString() : dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final InputStream out = child.getInputStream();
        if (out.read() != 'r')
        {
            throw new IllegalStateException("echo child failed to start");
        }
        final Ends client = ring != null ? ring : Ends.attach(dir);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
        final long[] got = new long[1];
        final MessageHandler onReply = (type, buffer, offset, length) -> got[0] = buffer.getLong(offset + 8);
        final long[] samples = new long[PINGS];
        for (int i = 0; i < WARMUP + PINGS; i++)
        {
            message.putLong(0, PING);
            message.putLong(8, i);
            final long start = System.nanoTime();
            while (!client.send(message, size))
            {
                Thread.onSpinWait();
            }
            got[0] = -1;
            while (got[0] != i)
            {
                client.receive(onReply);
            }
            if (i >= WARMUP)
            {
                samples[i - WARMUP] = System.nanoTime() - start;
            }
        }
        message.putLong(0, DATA);
        final long streamStart = System.nanoTime();
        for (int i = 0; i < STREAM; i++)
        {
            while (!client.send(message, size))
            {
                Thread.yield();
            }
        }
        message.putLong(0, END);
        while (!client.send(message, size))
        {
            Thread.yield();
        }
        got[0] = -1;
        while (got[0] != STREAM)
        {
            client.receive(onReply);
        }
        final double rate = STREAM * 1e9 / (System.nanoTime() - streamStart);
        child.destroyForcibly().waitFor();
        client.close();
        Files.deleteIfExists(dir.resolve("bench.lane"));
        Files.deleteIfExists(dir.resolve("bench.s"));
        Arrays.sort(samples);
        return new double[] {samples[PINGS / 2], samples[PINGS * 99 / 100], rate};
    }

    static void echo(final Ends ends) throws IOException
    {
        System.out.write('r');
        System.out.flush();
        final UnsafeBuffer reply = new UnsafeBuffer(new byte[16]);
        final long[] count = new long[1];
        final MessageHandler handler = (type, buffer, offset, length) ->
        {
            final long kind = buffer.getLong(offset);
            if (kind == DATA)
            {
                count[0]++;
                return;
            }
            reply.putLong(0, kind);
            reply.putLong(8, kind == PING ? buffer.getLong(offset + 8) : count[0]);
            count[0] = kind == END ? 0 : count[0];
            while (!ends.send(reply, 16))
            {
                Thread.onSpinWait();
            }
        };
        while (true)
        {
            ends.receive(handler);
        }
    }

    static void report(final int size, final List<double[]> ring, final List<double[]> lane, final List<double[]> aeron)
    {
        final String[] metrics = {"round-trip p50 ns", "round-trip p99 ns", "throughput msg/s"};
        // the goals: p50 within 1.1x of the bare ring, p99 no worse than Aeron's, throughput no less than Aeron's
        final String[] ringGoals = {"<= 1.1", null, null};
        final String[] aeronGoals = {null, "<= 1.0", ">= 1.0"};
        if (!json)
        {
            System.out.printf(Locale.ROOT, "%n%d-byte messages, median of %d runs each (interleaved)%n", size, ring.size());
            System.out.printf(Locale.ROOT, "%-20s %14s %14s %14s %10s %10s%n",
                "metric", "bare ring", "Aeron IPC", "shm lane", "vs ring", "vs Aeron");
        }
        for (int m = 0; m < metrics.length; m++)
        {
            final double base = median(ring, m);
            final double ours = median(lane, m);
            final double other = aeron.isEmpty() ? Double.NaN : median(aeron, m);
            if (json)
            {
                final String metric = metrics[m] + " " + size + " B";
                printJson(metric, ours, "bare ring", base, ringGoals[m]);
                if (!aeron.isEmpty())
                {
                    printJson(metric, ours, "Aeron IPC", other, aeronGoals[m]);
                }
            }
            else
            {
                System.out.printf(Locale.ROOT, "%-20s %,14.0f %,14.0f %,14.0f %10.2f %10.2f%n",
                    metrics[m], base, other, ours, ours / base, ours / other);
            }
        }
    }

    /** One comparison: {@code metric, lane, value, baseline, baseline_value, ratio, goal, met}. */
    static void printJson(final String metric, final double value, final String baseline, final double baselineValue,
        final String goal)
    {
        final double ratio = value / baselineValue;
        final String met = goal == null ? "null"
            : Boolean.toString(goal.startsWith("<=") ? ratio <= Double.parseDouble(goal.substring(3))
                : ratio >= Double.parseDouble(goal.substring(3)));
        System.out.printf(Locale.ROOT, "{\"metric\":\"%s\",\"lane\":\"shm\",\"value\":%.0f,\"baseline\":\"%s\","
            + "\"baseline_value\":%.0f,\"ratio\":%.3f,\"goal\":%s,\"met\":%s}%n",
            metric, value, baseline, baselineValue, ratio, goal == null ? "null" : "\"" + goal + "x\"", met);
    }

    static double median(final List<double[]> runs, final int metric)
    {
        final double[] values = runs.stream().mapToDouble(run -> run[metric]).sorted().toArray();
        return values[values.length / 2];
    }

    /** One end of either transport. */
    interface Ends extends AutoCloseable
    {
        boolean send(UnsafeBuffer message, int length);

        void receive(MessageHandler handler);

        @Override
        void close();

        static Ends serve(final Path dir)
        {
            return of(ShmLane.serve(dir, "bench", 1, CAPACITY));
        }

        static Ends attach(final Path dir)
        {
            return of(ShmLane.attach(dir, "bench"));
        }

        private static Ends of(final ShmLane lane)
        {
            return new Ends()
            {
                public boolean send(final UnsafeBuffer message, final int length)
                {
                    return lane.offer(message, 0, length);
                }

                public void receive(final MessageHandler handler)
                {
                    lane.receive(handler, 64);
                }

                public void close()
                {
                    lane.close();
                }
            };
        }

        /** Two bare rings in one mapped file; the creator (this process) sends on the first. */
        static Ends ring(final Path file, final boolean create)
        {
            final int ringLength = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
            try
            {
                if (create)
                {
                    Files.deleteIfExists(file);
                }
                final MappedByteBuffer mapped;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE))
                {
                    mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, 2L * ringLength);
                }
                final OneToOneRingBuffer first = new OneToOneRingBuffer(new UnsafeBuffer(mapped, 0, ringLength));
                final OneToOneRingBuffer second = new OneToOneRingBuffer(new UnsafeBuffer(mapped, ringLength, ringLength));
                final OneToOneRingBuffer out = create ? first : second;
                final OneToOneRingBuffer in = create ? second : first;
                return new Ends()
                {
                    public boolean send(final UnsafeBuffer message, final int length)
                    {
                        return out.write(1, message, 0, length);
                    }

                    public void receive(final MessageHandler handler)
                    {
                        if (in.read(handler, 64) == 0)
                        {
                            Thread.onSpinWait();
                        }
                    }

                    public void close()
                    {
                        IoUtil.unmap(mapped);
                        try
                        {
                            Files.deleteIfExists(file);
                        }
                        catch (final IOException ignore)
                        {
                            // a leftover bench file is harmless
                        }
                    }
                };
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        }
    }
}
