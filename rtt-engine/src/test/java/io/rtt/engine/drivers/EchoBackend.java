package io.rtt.engine.drivers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rtt.testsupport.ChildJvm;

/**
 * A backend in a process of its own, for {@link ForwardingDriverProvider}'s driver to talk to: it listens on a Unix
 * socket and answers each frame (a 4-byte big-endian length, then that many bytes) with the same frame. A test kills
 * it with -9 and starts it again on the same path.
 */
public final class EchoBackend
{
    /** The line it prints once it listens. */
    static final String READY = "ready";
    /** Largest frame it takes. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    private EchoBackend()
    {
    }

    /**
     * Starts a backend in another JVM and waits until it listens.
     *
     * @param socket where it listens; a socket file left there by a killed backend is replaced.
     * @return its process.
     * @throws IOException when it cannot start, or ends before it listens.
     */
    public static Process start(final Path socket) throws IOException
    {
        final Process process = ChildJvm.start(EchoBackend.class, socket.toString());
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.US_ASCII));
        final String line = out.readLine();
        if (!READY.equals(line))
        {
            process.destroyForcibly();
            throw new IOException("the echo backend did not start on " + socket + ": it said " + line);
        }
        return process;
    }

    /**
     * Listens on the socket given as the one argument until killed, one thread per connection.
     *
     * @param args the socket's path.
     * @throws IOException when it cannot listen.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path socket = Path.of(args[0]);
        Files.deleteIfExists(socket);
        final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        System.out.println(READY);
        System.out.flush();
        while (true)
        {
            final SocketChannel connection = server.accept();
            final Thread serving = new Thread(() -> echo(connection), "echo-backend");
            serving.setDaemon(true);
            serving.start();
        }
    }

    private static void echo(final SocketChannel connection)
    {
        try (connection)
        {
            final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
            while (readFully(connection, header.clear()))
            {
                final int length = header.flip().getInt(0);
                if (length < 0 || length > MAX_FRAME_BYTES)
                {
                    return;
                }
                final ByteBuffer body = ByteBuffer.allocate(length);
                if (!readFully(connection, body))
                {
                    return;
                }
                header.rewind();
                body.flip();
                while (header.hasRemaining() || body.hasRemaining())
                {
                    connection.write(new ByteBuffer[] {header, body});
                }
            }
        }
        catch (final IOException ex)
        {
            // the driver went away: so does this connection
        }
    }

    /** Fills the buffer; false on a clean end of stream before it is full. */
    static boolean readFully(final SocketChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            if (channel.read(buffer) < 0)
            {
                return false;
            }
        }
        return true;
    }
}
