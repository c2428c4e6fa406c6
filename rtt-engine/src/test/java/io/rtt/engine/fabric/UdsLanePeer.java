package io.rtt.engine.fabric;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The other process of {@link UdsLaneProcessTest}. Mode {@code produce SOCKET COUNT SIZE}: connect, send COUNT event
 * frames whose SIZE-byte payloads carry their sequence number (and its complement at the end), waiting while the
 * connection is full, close once the socket took everything, print {@code done}.
 */
public final class UdsLanePeer
{
    private UdsLanePeer()
    {
    }

    public static void main(final String[] args)
    {
        final Path socket = Path.of(args[1]);
        final long count = Long.parseLong(args[2]);
        final int size = Integer.parseInt(args[3]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[size]);
        try (UdsConnection connection = UdsConnection.connect(socket, (buffer, offset, length, replyTo) -> {}))
        {
            for (long sequence = 0; sequence < count; sequence++)
            {
                payload.putLong(0, sequence);
                payload.putLong(size - Long.BYTES, ~sequence);
                while (!connection.send(FrameDescriptor.KIND_EVENT, 7, sequence, 0, payload, 0, size))
                {
                    Thread.yield();
                }
            }
        }
        System.out.println("done");
    }
}
