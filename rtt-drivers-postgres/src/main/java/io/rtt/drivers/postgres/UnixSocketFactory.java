package io.rtt.drivers.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import javax.net.SocketFactory;

/**
 * The sockets pgjdbc opens to a server's Unix socket, on Java 16's Unix-domain {@link SocketChannel}: pgjdbc asks
 * for a {@link Socket} and connects it to a TCP address, which this factory's sockets ignore for the socket file
 * named by pgjdbc's {@code socketFactoryArg}. Cancel requests (a statement past its deadline) open their connection
 * through the same factory.
 * <p>
 * pgjdbc makes one instance per connection attempt, by the constructor taking a string.
 */
public final class UnixSocketFactory extends SocketFactory
{
    private final Path path;

    /**
     * A factory of sockets to one socket file.
     *
     * @param path the socket file, e.g. {@code /run/postgresql/.s.PGSQL.5432}.
     */
    public UnixSocketFactory(final String path)
    {
        this.path = Path.of(path);
    }

    /**
     * An unconnected socket, which pgjdbc then connects.
     *
     * @return the socket.
     */
    @Override
    public Socket createSocket()
    {
        return new UnixSocket(path);
    }

    /**
     * A connected socket.
     *
     * @param host ignored: the socket file is the address.
     * @param port ignored.
     * @return the connected socket.
     * @throws IOException when the socket file refuses the connection.
     */
    @Override
    public Socket createSocket(final String host, final int port) throws IOException
    {
        final UnixSocket socket = new UnixSocket(path);
        socket.connect(null, 0);
        return socket;
    }

    /**
     * A connected socket.
     *
     * @param host      ignored.
     * @param port      ignored.
     * @param localHost ignored.
     * @param localPort ignored.
     * @return the connected socket.
     * @throws IOException when the socket file refuses the connection.
     */
    @Override
    public Socket createSocket(final String host, final int port, final InetAddress localHost, final int localPort)
        throws IOException
    {
        return createSocket(host, port);
    }

    /**
     * A connected socket.
     *
     * @param host ignored.
     * @param port ignored.
     * @return the connected socket.
     * @throws IOException when the socket file refuses the connection.
     */
    @Override
    public Socket createSocket(final InetAddress host, final int port) throws IOException
    {
        return createSocket("localhost", port);
    }

    /**
     * A connected socket.
     *
     * @param address      ignored.
     * @param port         ignored.
     * @param localAddress ignored.
     * @param localPort    ignored.
     * @return the connected socket.
     * @throws IOException when the socket file refuses the connection.
     */
    @Override
    public Socket createSocket(final InetAddress address, final int port, final InetAddress localAddress,
        final int localPort) throws IOException
    {
        return createSocket("localhost", port);
    }

    /**
     * A {@link Socket} face on a blocking Unix-domain channel. Reads and writes go straight to the channel, which
     * lets one thread read while another writes ({@link java.nio.channels.Channels}' streams would serialise them).
     * TCP options are accepted and ignored; a read timeout ({@link #setSoTimeout}) is recorded but not enforced, so
     * the server's {@code statement_timeout} is what bounds a request on a Unix socket.
     */
    private static final class UnixSocket extends Socket
    {
        private final Path path;
        private SocketChannel channel;
        private int soTimeoutMs;

        UnixSocket(final Path path)
        {
            this.path = path;
        }

        @Override
        public void connect(final SocketAddress ignored, final int timeoutMs) throws IOException
        {
            final SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
            try
            {
                opened.connect(UnixDomainSocketAddress.of(path));
            }
            catch (final IOException ex)
            {
                opened.close();
                throw new IOException("cannot connect to the Unix socket " + path + ": " + ex.getMessage(), ex);
            }
            channel = opened;
        }

        @Override
        public void connect(final SocketAddress ignored) throws IOException
        {
            connect(ignored, 0);
        }

        @Override
        public boolean isConnected()
        {
            return channel != null && channel.isConnected();
        }

        @Override
        public boolean isClosed()
        {
            return channel != null && !channel.isOpen();
        }

        @Override
        public InputStream getInputStream()
        {
            final SocketChannel in = channel;
            return new InputStream()
            {
                @Override
                public int read() throws IOException
                {
                    final byte[] one = new byte[1];
                    final int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(final byte[] bytes, final int offset, final int length) throws IOException
                {
                    if (length == 0)
                    {
                        return 0;
                    }
                    return in.read(ByteBuffer.wrap(bytes, offset, length));
                }
            };
        }

        @Override
        public OutputStream getOutputStream()
        {
            final SocketChannel out = channel;
            return new OutputStream()
            {
                @Override
                public void write(final int b) throws IOException
                {
                    write(new byte[] {(byte)b}, 0, 1);
                }

                @Override
                public void write(final byte[] bytes, final int offset, final int length) throws IOException
                {
                    final ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                    while (buffer.hasRemaining())
                    {
                        out.write(buffer);
                    }
                }
            };
        }

        @Override
        public void setTcpNoDelay(final boolean on)
        {
            // no Nagle on a Unix socket
        }

        @Override
        public boolean getTcpNoDelay()
        {
            return true;
        }

        @Override
        public void setKeepAlive(final boolean on)
        {
            // a Unix socket's peer is on this machine: its death closes the socket
        }

        @Override
        public void setSoTimeout(final int timeoutMs)
        {
            soTimeoutMs = timeoutMs;
        }

        @Override
        public int getSoTimeout()
        {
            return soTimeoutMs;
        }

        @Override
        public void setReceiveBufferSize(final int size)
        {
            // the kernel's default for Unix sockets
        }

        @Override
        public void setSendBufferSize(final int size)
        {
            // the kernel's default for Unix sockets
        }

        @Override
        public int getSendBufferSize()
        {
            return 8192;
        }

        @Override
        public int getReceiveBufferSize()
        {
            return 8192;
        }

        @Override
        public void shutdownInput() throws IOException
        {
            channel.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException
        {
            channel.shutdownOutput();
        }

        @Override
        public synchronized void close() throws IOException
        {
            if (channel != null)
            {
                channel.close();
            }
        }

        @Override
        public String toString()
        {
            return "UnixSocket[" + path + "]";
        }
    }
}
