import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.fabric.ShmLane;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Paced one-way latency: 10,000 messages a second from this process to a child, which takes each message's
 * {@code System.nanoTime()} stamp (one clock for all processes on Linux) from its arrival time. At this rate a waiting
 * consumer is idle between messages, so this measures the wake-up path: the shm lane's doorbell against the baseline,
 * a blocking read on a raw JDK {@code SocketChannel} over a Unix-domain address. Runs alternate; medians of p50 and
 * p99 over the runs are printed.
 *
 * Run from the repository root:
 * <pre>java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp mcp-server/target/rtt.jar bench/lanes/PacedBench.java DIR [RUNS]</pre>
 */
public final class PacedBench
{
    static final int RATE = 10_000;
    static final int WARMUP = 2_000;
    static final int MESSAGES = 20_000;
    static final int SIZE = 32;

    public static void main(final String[] args) throws Exception
    {
        if (args[0].equals("lane") || args[0].equals("socket"))
        {
            receive(args[0], Path.of(args[1]));
            return;
        }
        final Path dir = Path.of(args[0]);
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Files.createDirectories(dir);
        final List<long[]> socket = new ArrayList<>();
        final List<long[]> lane = new ArrayList<>();
        for (int run = 0; run < runs; run++)
        {
            socket.add(measure("socket", dir));
            lane.add(measure("lane", dir));
        }
        System.out.printf(Locale.ROOT, "%npaced %,d msg/s one way, %d-byte messages, median of %d runs each%n",
            RATE, SIZE, runs);
        System.out.printf(Locale.ROOT, "%-12s %16s %16s %8s%n", "metric", "blocking socket", "shm lane", "ratio");
        final String[] metrics = {"p50 ns", "p99 ns"};
        for (int m = 0; m < metrics.length; m++)
        {
            final long base = median(socket, m);
            final long ours = median(lane, m);
            System.out.printf(Locale.ROOT, "%-12s %,16d %,16d %8.2f%n", metrics[m], base, ours, (double)ours / base);
        }
    }

    /** One run: {p50 ns, p99 ns} as the child measured them. */
    static long[] measure(final String kind, final Path dir) throws Exception
    {
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            "bench/lanes/PacedBench.java", kind, dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final InputStream out = child.getInputStream();
        if (out.read() != 'r')
        {
            throw new IllegalStateException("child failed to start");
        }
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(SIZE));
        final ShmLane lane = kind.equals("lane") ? ShmLane.attach(dir, "paced") : null;
        final SocketChannel socket = kind.equals("socket")
            ? SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("paced.sock"))) : null;
        final ByteBuffer frame = message.byteBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long interval = 1_000_000_000L / RATE;
        long next = System.nanoTime();
        for (int i = 0; i < WARMUP + MESSAGES; i++)
        {
            next += interval;
            long now;
            while ((now = System.nanoTime()) < next)
            {
                LockSupport.parkNanos(next - now);
            }
            message.putLong(0, System.nanoTime());
            if (lane != null)
            {
                while (!lane.offer(message, 0, SIZE))
                {
                    Thread.yield();
                }
            }
            else
            {
                frame.clear();
                while (frame.hasRemaining())
                {
                    socket.write(frame);
                }
            }
        }
        final String[] result = new String(out.readAllBytes()).trim().split(" ");
        child.waitFor();
        if (lane != null)
        {
            lane.close();
            Files.deleteIfExists(dir.resolve("paced.lane"));
            Files.deleteIfExists(dir.resolve("paced.s"));
        }
        else
        {
            socket.close();
        }
        return new long[] {Long.parseLong(result[0]), Long.parseLong(result[1])};
    }

    static void receive(final String kind, final Path dir) throws IOException
    {
        final long[] latencies = new long[MESSAGES];
        final int[] count = {0};
        if (kind.equals("lane"))
        {
            final ShmLane lane = ShmLane.serve(dir, "paced", 1, 1 << 16);
            ready();
            while (count[0] < WARMUP + MESSAGES)
            {
                lane.receive((type, buffer, offset, length) ->
                {
                    final long latency = System.nanoTime() - buffer.getLong(offset);
                    if (count[0]++ >= WARMUP)
                    {
                        latencies[count[0] - 1 - WARMUP] = latency;
                    }
                }, 64);
            }
        }
        else
        {
            final Path path = dir.resolve("paced.sock");
            Files.deleteIfExists(path);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
            {
                server.bind(UnixDomainSocketAddress.of(path));
                ready();
                try (SocketChannel peer = server.accept())
                {
                    final ByteBuffer frame = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.LITTLE_ENDIAN);
                    while (count[0] < WARMUP + MESSAGES)
                    {
                        frame.clear();
                        while (frame.hasRemaining())
                        {
                            if (peer.read(frame) < 0)
                            {
                                throw new IOException("sender hung up");
                            }
                        }
                        final long latency = System.nanoTime() - frame.getLong(0);
                        if (count[0]++ >= WARMUP)
                        {
                            latencies[count[0] - 1 - WARMUP] = latency;
                        }
                    }
                }
            }
            Files.deleteIfExists(path);
        }
        Arrays.sort(latencies);
        System.out.println(latencies[MESSAGES / 2] + " " + latencies[MESSAGES * 99 / 100]);
        System.out.flush();
        System.exit(0);
    }

    static void ready()
    {
        System.out.write('r');
        System.out.flush();
    }

    static long median(final List<long[]> runs, final int metric)
    {
        final long[] values = runs.stream().mapToLong(run -> run[metric]).sorted().toArray();
        return values[values.length / 2];
    }
}
