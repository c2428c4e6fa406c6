package io.rtt.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.UdsConnection;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The uds lane's client side of a run. The lane is event-driven, so pings are driven as its users drive it: each
 * answer, handled on the connection's event loop, sends the next ping from there. The stream is sent from this
 * thread through the connection's batches, waiting while the socket is over its high-water mark.
 */
final class UdsRun
{
    private UdsRun()
    {
    }

    /** One run against an echo child: {p50 ns, p99 ns, messages per second}. */
    static double[] measure(final Path socket, final int size, final int warmup, final int pings, final int stream)
        throws InterruptedException
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
        final UnsafeBuffer ping = new UnsafeBuffer(new byte[size]);
        final long[] samples = new long[pings];
        final long[] state = new long[3]; // sequence, send time, streamed count
        final CountDownLatch pingsDone = new CountDownLatch(1);
        final CountDownLatch[] streamDone = {new CountDownLatch(1), new CountDownLatch(1)};
        final UdsConnection[] connection = new UdsConnection[1];
        connection[0] = UdsConnection.connect(socket, (buffer, offset, length, replyTo) ->
        {
            final int payload = offset + FrameDescriptor.HEADER_LENGTH;
            if (buffer.getLong(payload) == BenchPeer.END)
            {
                state[2] = buffer.getLong(payload + 8);
                (streamDone[0].getCount() > 0 ? streamDone[0] : streamDone[1]).countDown();
                return;
            }
            final long now = System.nanoTime();
            final int i = (int)state[0];
            if (i >= warmup)
            {
                samples[i - warmup] = now - state[1];
            }
            if (i + 1 < warmup + pings)
            {
                state[0] = i + 1;
                sendPing(connection[0], ping, size, i + 1, state);
            }
            else
            {
                pingsDone.countDown();
            }
        });
        try
        {
            sendPing(connection[0], ping, size, 0, state);
            if (!pingsDone.await(5, TimeUnit.MINUTES))
            {
                throw new IllegalStateException("uds pings did not finish");
            }
            stream(connection[0], message, size, stream / 5, streamDone[0], state); // warm-up, unmeasured
            final long streamStart = System.nanoTime();
            stream(connection[0], message, size, stream, streamDone[1], state);
            final double rate = stream * 1e9 / (System.nanoTime() - streamStart);
            Arrays.sort(samples);
            return new double[] {samples[pings / 2], samples[pings * 99 / 100], rate};
        }
        finally
        {
            connection[0].close();
        }
    }

    /** Streams {@code count} messages and waits until the echo has counted them all. */
    private static void stream(final UdsConnection connection, final UnsafeBuffer message, final int size,
        final int count, final CountDownLatch done, final long[] state) throws InterruptedException
    {
        message.putLong(0, BenchPeer.DATA);
        for (int i = 0; i < count; i++)
        {
            while (!connection.send(FrameDescriptor.KIND_EVENT, 1, 0, 0, message, 0, size))
            {
                Thread.yield();
            }
        }
        message.putLong(0, BenchPeer.END);
        while (!connection.send(FrameDescriptor.KIND_EVENT, 1, 0, 0, message, 0, size))
        {
            Thread.yield();
        }
        connection.flush();
        if (!done.await(5, TimeUnit.MINUTES) || state[2] != count)
        {
            throw new IllegalStateException("uds stream: the echo counted " + state[2] + " of " + count);
        }
    }

    private static void sendPing(final UdsConnection connection, final UnsafeBuffer ping, final int size,
        final long sequence, final long[] state)
    {
        ping.putLong(0, BenchPeer.PING);
        ping.putLong(8, sequence);
        state[1] = System.nanoTime();
        connection.send(FrameDescriptor.KIND_EVENT, 1, 0, 0, ping, 0, size);
        connection.flush();
    }
}
