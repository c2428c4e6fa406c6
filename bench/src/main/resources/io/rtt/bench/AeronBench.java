import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The Aeron IPC baseline of {@code LaneBench}, on its own class path (aeron-all bundles its own Agrona). One
 * measurement: an embedded media driver (shared threading, one driver thread, as fits two cores), an echo child on
 * the same driver, the same pings and stream as LaneBench; prints {@code p50ns p99ns msgPerSec}.
 *
 * Kept as source in the rtt-bench jar; LaneBench writes it out and runs it as a single-file program:
 * <pre>java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp aeron-all-1.51.0.jar AeronBench.java measure AERON_DIR SIZE PINGS WARMUP STREAM THIS_FILE</pre>
 */
public final class AeronBench
{
    static final String CHANNEL = "aeron:ipc";
    static final int PING_STREAM = 1001, PONG_STREAM = 1002;
    static final long PING = 0, DATA = 1, END = 2;

    public static void main(final String[] args) throws Exception
    {
        final String dir = args[1];
        if (args[0].equals("echo"))
        {
            echo(dir);
            return;
        }
        final int size = Integer.parseInt(args[2]);
        final int pings = Integer.parseInt(args[3]);
        final int warmup = Integer.parseInt(args[4]);
        final int stream = Integer.parseInt(args[5]);
        final MediaDriver.Context driverContext = new MediaDriver.Context().aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true);
        try (MediaDriver driver = MediaDriver.launchEmbedded(driverContext);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            Publication publication = aeron.addPublication(CHANNEL, PING_STREAM);
            Subscription subscription = aeron.addSubscription(CHANNEL, PONG_STREAM))
        {
            final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                args[6], "echo", dir)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            final InputStream out = child.getInputStream();
            if (out.read() != 'r')
            {
                throw new IllegalStateException("aeron echo child failed to start");
            }
            while (!publication.isConnected() || !subscription.isConnected())
            {
                Thread.sleep(1);
            }
            final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
            final long[] got = new long[1];
            final FragmentHandler onReply = (buffer, offset, length, header) -> got[0] = buffer.getLong(offset + 8);
            final long[] samples = new long[pings];
            for (int i = 0; i < warmup + pings; i++)
            {
                message.putLong(0, PING);
                message.putLong(8, i);
                final long start = System.nanoTime();
                while (publication.offer(message, 0, size) < 0)
                {
                    Thread.onSpinWait();
                }
                got[0] = -1;
                while (got[0] != i)
                {
                    if (subscription.poll(onReply, 64) == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                if (i >= warmup)
                {
                    samples[i - warmup] = System.nanoTime() - start;
                }
            }
            stream(publication, subscription, message, size, stream / 5, onReply, got); // warm-up, unmeasured
            final long streamStart = System.nanoTime();
            stream(publication, subscription, message, size, stream, onReply, got);
            final double rate = stream * 1e9 / (System.nanoTime() - streamStart);
            child.destroyForcibly().waitFor();
            Arrays.sort(samples);
            System.out.printf(Locale.ROOT, "%d %d %.0f%n", samples[pings / 2], samples[pings * 99 / 100], rate);
        }
    }

    /** Streams {@code count} messages and waits until the echo has counted them all. */
    static void stream(final Publication publication, final Subscription subscription, final UnsafeBuffer message,
        final int size, final int count, final FragmentHandler onReply, final long[] got)
    {
        message.putLong(0, DATA);
        for (int i = 0; i < count; i++)
        {
            while (publication.offer(message, 0, size) < 0)
            {
                Thread.yield();
            }
        }
        message.putLong(0, END);
        while (publication.offer(message, 0, size) < 0)
        {
            Thread.yield();
        }
        got[0] = -1;
        while (got[0] != count)
        {
            if (subscription.poll(onReply, 64) == 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    static void echo(final String dir)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            Subscription subscription = aeron.addSubscription(CHANNEL, PING_STREAM);
            Publication publication = aeron.addPublication(CHANNEL, PONG_STREAM))
        {
            System.out.write('r');
            System.out.flush();
            final UnsafeBuffer reply = new UnsafeBuffer(new byte[16]);
            final long[] count = new long[1];
            final FragmentHandler handler = (buffer, offset, length, header) ->
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
                while (publication.offer(reply, 0, 16) < 0)
                {
                    Thread.onSpinWait();
                }
            };
            while (true)
            {
                if (subscription.poll(handler, 64) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
