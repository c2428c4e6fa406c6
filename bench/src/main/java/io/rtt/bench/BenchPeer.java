package io.rtt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

import io.rtt.engine.Engine;
import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.UdsLane;
import io.rtt.engine.panel.Panel;
import org.agrona.concurrent.MessageHandler;

/**
 * The other process of {@link LaneBench}. Modes:
 * <ul>
 *   <li>{@code echo KIND PATH}: answer each ping with its sequence number, count streamed messages, answer the end
 *   marker with the count; KIND is {@code ring}, {@code shm}, {@code aeron} (PATH: the media driver's directory),
 *   {@code jdk} or {@code uds}.</li>
 *   <li>{@code panel on|off WORKSPACE}: run a panel on a committed workspace, recording metrics or not.</li>
 *   <li>{@code paced KIND PATH}: receive paced messages, each stamped with its send time, and print the p50 and p99
 *   of their one-way latency; KIND is {@code shm} or {@code jdk}.</li>
 * </ul>
 * Prints {@code r} when ready.
 */
public final class BenchPeer
{
    static final long PING = 0;
    static final long DATA = 1;
    static final long END = 2;

    private BenchPeer()
    {
    }

    /**
     * Runs one mode until the measuring side is done with it.
     *
     * @param args the mode and its arguments, as the class comment lists them.
     * @throws Exception when the transport fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[2]);
        if (args[0].equals("paced"))
        {
            paced(args[1], path);
            return;
        }
        if (args[0].equals("panel"))
        {
            panel(args[1].equals("on"), path);
            return;
        }
        switch (args[1])
        {
            case "ring" -> echo(Ends.ring(path, false), true);
            case "shm" -> echo(Ends.shmServe(path), true);
            case "aeron" -> echo(Ends.aeron(path, Ends.AERON_PONG_STREAM, Ends.AERON_PING_STREAM, false), true);
            case "jdk" -> echo(Ends.jdkServe(path, BenchPeer::ready), false);
            case "uds" -> udsEcho(path);
            default -> throw new IllegalArgumentException("unknown transport " + args[1]);
        }
    }

    /** Echoes forever; {@code announce} when the transport did not say ready itself. */
    private static void echo(final Ends ends, final boolean announce)
    {
        if (announce)
        {
            ready();
        }
        final Echo echo = new Echo();
        final MessageHandler handler = (type, buffer, offset, length) ->
        {
            if (echo.take(buffer, offset))
            {
                while (!ends.send(echo.reply, 16))
                {
                    Thread.onSpinWait();
                }
                ends.flush();
            }
        };
        try
        {
            while (true)
            {
                ends.receive(handler);
            }
        }
        catch (final UncheckedIOException peerGone)
        {
            System.exit(0); // the measuring side hung up: the run is over
        }
    }

    private static void udsEcho(final Path socket) throws InterruptedException
    {
        final Echo echo = new Echo();
        try (UdsLane lane = UdsLane.serve(socket, (buffer, offset, length, replyTo) ->
        {
            if (echo.take(buffer, offset + FrameDescriptor.HEADER_LENGTH))
            {
                replyTo.send(FrameDescriptor.KIND_EVENT, 1, 0, 0, echo.reply, 0, 16);
            }
        }))
        {
            ready();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Serves a committed workspace with metrics recorded or not, until killed. */
    private static void panel(final boolean metrics, final Path workspace) throws InterruptedException
    {
        final Engine engine = Engine.open(workspace);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).recordMetrics(metrics)))
        {
            ready();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static void paced(final String kind, final Path path) throws IOException
    {
        final long[] latencies = new long[PacedRun.MESSAGES];
        final int[] count = {0};
        final MessageHandler stamp = (type, buffer, offset, length) ->
        {
            final long latency = System.nanoTime() - buffer.getLong(offset);
            if (count[0]++ >= PacedRun.WARMUP)
            {
                latencies[count[0] - 1 - PacedRun.WARMUP] = latency;
            }
        };
        final Ends ends = kind.equals("shm") ? Ends.shmServe(path) : Ends.jdkServe(path, BenchPeer::ready);
        if (kind.equals("shm"))
        {
            ready();
        }
        while (count[0] < PacedRun.WARMUP + PacedRun.MESSAGES)
        {
            ends.receive(stamp);
        }
        ends.close();
        Arrays.sort(latencies);
        System.out.println(latencies[PacedRun.MESSAGES / 2] + " " + latencies[PacedRun.MESSAGES * 99 / 100]);
        System.out.flush();
        System.exit(0);
    }

    static void ready()
    {
        System.out.write('r');
        System.out.flush();
    }
}
