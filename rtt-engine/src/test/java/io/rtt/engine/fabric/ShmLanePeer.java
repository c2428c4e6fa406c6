package io.rtt.engine.fabric;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The other process of {@link ShmLaneProcessTest}. Modes:
 * <ul>
 *   <li>{@code produce DIR NAME COUNT SIZE}: attach as client, send COUNT messages of SIZE bytes carrying their
 *   sequence number, wait for the server to read them all, print {@code done}.</li>
 *   <li>{@code claim-and-hang DIR NAME}: attach, send sequences 0..4, claim a sixth message and half-fill it, print
 *   {@code claimed}, then sleep until killed.</li>
 *   <li>{@code ack DIR NAME}: serve the lane, print {@code serving} and the
 *   number of claims it mended that its killed predecessor left, then answer every request with its own sequence
 *   number, forever.</li>
 * </ul>
 */
public final class ShmLanePeer
{
    private ShmLanePeer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[1]);
        final String name = args[2];
        switch (args[0])
        {
            case "produce" -> produce(dir, name, Long.parseLong(args[3]), Integer.parseInt(args[4]));
            case "claim-and-hang" -> claimAndHang(dir, name);
            case "ack" -> ack(dir, name);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void produce(final Path dir, final String name, final long count, final int size) throws IOException
    {
        try (ShmLane lane = ShmLane.attach(dir, name))
        {
            final UnsafeBuffer buffer = lane.buffer();
            for (long sequence = 0; sequence < count; sequence++)
            {
                int index;
                while ((index = lane.tryClaim(size)) < 0)
                {
                    Thread.yield();
                }
                buffer.putLong(index, sequence);
                buffer.putLong(index + size - Long.BYTES, ~sequence);
                lane.commit(index);
            }
            while (lane.outboundBacklog() > 0)
            {
                Thread.yield();
            }
            say("done");
        }
    }

    private static void claimAndHang(final Path dir, final String name) throws Exception
    {
        final ShmLane lane = ShmLane.attach(dir, name);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[Long.BYTES]);
        for (long sequence = 0; sequence < 5; sequence++)
        {
            message.putLong(0, sequence);
            lane.offer(message, 0, Long.BYTES);
        }
        final int index = lane.tryClaim(64);
        lane.buffer().putLong(index, 5L);
        say("claimed");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void ack(final Path dir, final String name) throws IOException
    {
        final ShmLane lane = ShmLane.serve(dir, name, 1, 64 * 1024);
        say("serving " + lane.recoveredClaims());
        final UnsafeBuffer ack = new UnsafeBuffer(new byte[Long.BYTES]);
        while (true)
        {
            lane.receive((type, buffer, offset, length) ->
            {
                ack.putLong(0, buffer.getLong(offset));
                while (!lane.offer(ack, 0, Long.BYTES))
                {
                    Thread.yield();
                }
            }, 1);
        }
    }

    /** Writes a line straight to fd 1: a buffered line would be lost when the test kills this process. */
    private static void say(final String line) throws IOException
    {
        final OutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
