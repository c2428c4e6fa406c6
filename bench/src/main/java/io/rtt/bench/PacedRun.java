package io.rtt.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Paced one-way latency: {@link #RATE} messages a second from this process to a child that takes each message's
 * {@code System.nanoTime()} stamp (one clock for all processes on Linux) from its arrival time. At this rate a waiting
 * consumer is idle between messages, so this measures the wake-up path: the shm lane's doorbell against a blocking
 * read on a raw JDK {@code SocketChannel}.
 */
final class PacedRun
{
    static final int RATE = 10_000;
    static final int WARMUP = 2_000;
    static final int MESSAGES = 20_000;
    static final int SIZE = 32;

    private PacedRun()
    {
    }

    /** One run: {p50 ns, p99 ns} as the child measured them. */
    static double[] measure(final String kind, final Path dir) throws Exception
    {
        final Path path = kind.equals("shm") ? dir : dir.resolve("paced.sock");
        try (Child child = Child.start("paced", kind, path.toString()))
        {
            final Ends ends = kind.equals("shm") ? Ends.shmAttach(dir) : Ends.jdkConnect(path);
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(SIZE));
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
                while (!ends.send(message, SIZE))
                {
                    Thread.yield();
                }
                ends.flush();
            }
            final String[] result = child.output().split(" ");
            ends.close();
            Files.deleteIfExists(dir.resolve("bench.lane"));
            Files.deleteIfExists(dir.resolve("bench.s"));
            return new double[] {Double.parseDouble(result[0]), Double.parseDouble(result[1])};
        }
    }
}
