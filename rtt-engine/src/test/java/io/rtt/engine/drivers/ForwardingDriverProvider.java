package io.rtt.engine.drivers;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * A provider from outside the engine, listed in the test class path's own {@code META-INF/services}: it serves the
 * workspace's rabbitmq brokers by relaying each request to a backend process, an {@link EchoBackend}, over the Unix
 * socket {@code <component>.sock} in the drivers' data directory, and answering with what the backend answers. It is
 * no AMQP client: it gives a route a real process behind it, which a test can kill and start again.
 * <p>
 * The driver connects at its first request and again after any failure; a request the backend cannot take (nobody
 * listens, or the connection breaks) fails with an exception that says so.
 */
public final class ForwardingDriverProvider implements DriverProvider
{
    @Override
    public String name()
    {
        return "rabbitmq";
    }

    @Override
    public boolean serves(final Component component)
    {
        return component.kind() == ComponentKind.BROKER && "rabbitmq".equals(component.technology());
    }

    @Override
    public DriverEndpoint defaultEndpoint(final Component component, final Path dataDir)
    {
        return new DriverEndpoint(backendSocket(dataDir, component.id()).toUri(),
            DriverEndpoint.Source.DATA_DIRECTORY);
    }

    @Override
    public Driver create(final DriverContext context)
    {
        return new ForwardingDriver(Path.of(context.endpoint().address()));
    }

    /**
     * Where the backend of a component listens.
     *
     * @param dataDir   the drivers' data directory.
     * @param component the component's id.
     * @return the socket's path.
     */
    public static Path backendSocket(final Path dataDir, final String component)
    {
        return dataDir.resolve(component + ".sock");
    }

    /** Relays each request as a frame of the backend's protocol and waits for its answer. */
    private static final class ForwardingDriver implements Driver
    {
        private final Path socket;
        private final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
        private ByteBuffer body = ByteBuffer.allocate(4096);
        private SocketChannel channel;

        private ForwardingDriver(final Path socket)
        {
            this.socket = socket;
        }

        @Override
        public int handle(final DirectBuffer request, final int offset, final int length,
            final ExpandableArrayBuffer out) throws IOException
        {
            try
            {
                if (channel == null)
                {
                    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    channel.connect(UnixDomainSocketAddress.of(socket));
                }
                final ByteBuffer payload = ByteBuffer.allocate(length);
                request.getBytes(offset, payload, length);
                header.clear().putInt(0, length);
                payload.flip();
                while (header.hasRemaining() || payload.hasRemaining())
                {
                    channel.write(new ByteBuffer[] {header, payload});
                }
                if (!EchoBackend.readFully(channel, header.clear()))
                {
                    throw new IOException("the backend closed the connection");
                }
                final int answer = header.getInt(0);
                if (answer < 0 || answer > EchoBackend.MAX_FRAME_BYTES)
                {
                    throw new IOException("the backend answered a frame of " + answer + " bytes");
                }
                if (body.capacity() < answer)
                {
                    body = ByteBuffer.allocate(answer);
                }
                if (!EchoBackend.readFully(channel, body.clear().limit(answer)))
                {
                    throw new IOException("the backend closed the connection mid-answer");
                }
                out.putBytes(0, body.flip(), answer);
                return answer;
            }
            catch (final IOException ex)
            {
                final IOException failed = new IOException("the backend at " + socket.getFileName() + " failed: " +
                    ex.getMessage(), ex);
                try
                {
                    close();
                }
                catch (final IOException notClosed)
                {
                    failed.addSuppressed(notClosed);
                }
                throw failed;
            }
        }

        @Override
        public void close() throws IOException
        {
            final SocketChannel open = channel;
            channel = null;
            if (open != null)
            {
                open.close();
            }
        }
    }
}
