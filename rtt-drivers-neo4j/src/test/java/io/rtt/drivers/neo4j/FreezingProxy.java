package io.rtt.drivers.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on loopback in front of a server that can be frozen: while frozen it forwards nothing either way, as
 * a server that stopped answering (a stalled process, a full disk) would look to its clients, while their
 * connections stay open. Connections made while frozen are accepted and held too.
 * <p>
 * Thread-safe: one thread accepts, two per connection copy; {@link #freeze} and {@link #close} may come from any.
 */
final class FreezingProxy implements AutoCloseable
{
    private final Object lock = new Object();
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new ArrayList<>();
    private boolean frozen;
    private boolean closed;

    private FreezingProxy(final ServerSocket listener, final int targetPort)
    {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /**
     * Starts a proxy to a port on loopback.
     *
     * @param targetPort the server's port on 127.0.0.1.
     * @return the running proxy, on a free port.
     * @throws IOException when no port can be bound.
     */
    static FreezingProxy start(final int targetPort) throws IOException
    {
        final FreezingProxy proxy = new FreezingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
            targetPort);
        final Thread acceptor = new Thread(proxy::accept, "rtt-test-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /**
     * The proxy's port.
     *
     * @return its port on 127.0.0.1.
     */
    int port()
    {
        return listener.getLocalPort();
    }

    /**
     * Stops or resumes forwarding.
     *
     * @param freeze true to hold every byte where it is, false to let them flow again.
     */
    void freeze(final boolean freeze)
    {
        synchronized (lock)
        {
            frozen = freeze;
            lock.notifyAll();
        }
    }

    private void accept()
    {
        while (!listener.isClosed())
        {
            try
            {
                final Socket client = listener.accept();
                final Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (lock)
                {
                    sockets.add(client);
                    sockets.add(server);
                }
                pump(client, server);
                pump(server, client);
            }
            catch (final IOException ex)
            {
                // the listener closed, or the server refused: the client sees its connection end
            }
        }
    }

    private void pump(final Socket from, final Socket to)
    {
        final Thread copier = new Thread(() ->
        {
            final byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
            {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer))
                {
                    awaitThaw();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            catch (final IOException | InterruptedException ex)
            {
                // a side closed, or the proxy did
            }
            finally
            {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "rtt-test-proxy-pump");
        copier.setDaemon(true);
        copier.start();
    }

    private void awaitThaw() throws InterruptedException, IOException
    {
        synchronized (lock)
        {
            while (frozen && !closed)
            {
                lock.wait();
            }
            if (closed)
            {
                throw new IOException("proxy closed");
            }
        }
    }

    private static void closeQuietly(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ex)
        {
            // already closed
        }
    }

    @Override
    public void close() throws IOException
    {
        synchronized (lock)
        {
            closed = true;
            lock.notifyAll();
            sockets.forEach(FreezingProxy::closeQuietly);
        }
        listener.close();
    }
}
