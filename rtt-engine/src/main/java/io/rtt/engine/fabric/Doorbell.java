package io.rtt.engine.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;

/**
 * The sleeping side of a doorbell: a Unix-domain socket a parked consumer blocks on, so an idle lane costs no CPU.
 * The producer connects once and writes a byte only when the consumer said it is parked; a peer that dies closes its
 * connection, which wakes the consumer too.
 */
final class Doorbell implements AutoCloseable
{
    /** sun_path holds 108 bytes with its terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private final Path path;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ByteBuffer sink = ByteBuffer.allocateDirect(64);

    private Doorbell(final Path path, final ServerSocketChannel server, final Selector selector)
    {
        this.path = path;
        this.server = server;
        this.selector = selector;
    }

    /** Binds a doorbell at {@code path}, unlinking a stale socket left there by a dead process; the file is 0600. */
    static Doorbell bind(final Path path)
    {
        checkPathLength(path);
        try
        {
            Files.deleteIfExists(path);
            final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            server.configureBlocking(false);
            final Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            return new Doorbell(path, server, selector);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot bind doorbell " + path, ex);
        }
    }

    static void checkPathLength(final Path path)
    {
        final int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES)
        {
            throw new IllegalArgumentException("socket path is " + bytes + " bytes, over the " + MAX_SOCKET_PATH_BYTES
                + "-byte sun_path limit; use a shorter lane directory: " + path);
        }
    }

    /**
     * Blocks until rung, until a ringer connects or hangs up, or until {@code timeoutMs} passes. What woke it is
     * left for {@link #drain()}, so the waker's message is read first.
     */
    void await(final long timeoutMs) throws IOException
    {
        selector.select(timeoutMs);
    }

    /** Consumes bells already rung, and accepts ringers already waiting, without blocking. */
    void drain() throws IOException
    {
        selector.selectNow();
        final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext())
        {
            final SelectionKey key = keys.next();
            keys.remove();
            if (key.isAcceptable())
            {
                final SocketChannel ringer = server.accept();
                if (ringer != null)
                {
                    ringer.configureBlocking(false);
                    ringer.register(selector, SelectionKey.OP_READ);
                }
            }
            else if (key.isReadable())
            {
                drain(key);
            }
        }
    }

    private void drain(final SelectionKey key) throws IOException
    {
        final SocketChannel ringer = (SocketChannel)key.channel();
        int read;
        do
        {
            sink.clear();
            read = ringer.read(sink);
        }
        while (read > 0);
        if (read < 0)
        {
            // the ringer hung up: its process closed the lane or died
            key.cancel();
            ringer.close();
        }
    }

    @Override
    public void close()
    {
        try
        {
            for (final SelectionKey key : selector.keys())
            {
                key.channel().close();
            }
            selector.close();
            server.close();
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close doorbell " + path, ex);
        }
    }
}
