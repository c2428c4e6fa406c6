package io.rtt.engine.drivers.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One connection to a Redis server speaking RESP2, over its Unix socket or TCP, every wait bounded by a deadline:
 * commands go out as arrays of bulk strings, and the reply is read a byte, a line or a bulk string at a time by
 * {@link RespReply}.
 * <p>
 * Non-blocking channel and a selector, because a blocking {@link SocketChannel}'s reads cannot time out. One thread
 * uses a connection; a failed one (an I/O error, a deadline passed mid-reply) is closed, never reused, since the
 * next reply on it could be the previous command's.
 */
final class RespConnection implements AutoCloseable
{
    /** Bytes read from the socket at once. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    /** Read mode: what was read and not yet consumed is between position and limit. */
    private final ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_BYTES).flip();
    private ByteBuffer out = ByteBuffer.allocate(4096);

    private RespConnection(final SocketChannel channel, final Selector selector) throws IOException
    {
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, 0);
    }

    /**
     * Connects.
     *
     * @param address    a {@code unix:} URI of the socket, or a URL with a host and a port.
     * @param deadlineNs when to give up, by {@link System#nanoTime()}.
     * @return the connection.
     * @throws IOException when it cannot connect in time.
     */
    static RespConnection open(final URI address, final long deadlineNs) throws IOException
    {
        final boolean unix = "unix".equals(address.getScheme());
        final SocketAddress remote = unix ? UnixDomainSocketAddress.of(Path.of(address.getPath())) :
            new InetSocketAddress(address.getHost(), address.getPort() < 0 ? 6379 : address.getPort());
        final SocketChannel channel = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        Selector selector = null;
        try
        {
            if (!unix)
            {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channel.configureBlocking(false);
            selector = Selector.open();
            final RespConnection connection = new RespConnection(channel, selector);
            if (!channel.connect(remote))
            {
                while (!channel.finishConnect())
                {
                    connection.await(SelectionKey.OP_CONNECT, deadlineNs, "connecting");
                }
            }
            return connection;
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            if (selector != null)
            {
                selector.close();
            }
            throw ex;
        }
    }

    /**
     * Sends one command.
     *
     * @param args       the command's name and arguments.
     * @param deadlineNs when to give up, by {@link System#nanoTime()}.
     * @throws IOException when it cannot be sent in time.
     */
    void send(final List<byte[]> args, final long deadlineNs) throws IOException
    {
        append(args);
        flush(deadlineNs);
    }

    /**
     * Adds a command to those {@link #flush} sends next, so several go out together (pipelining).
     *
     * @param args the command's name and arguments.
     */
    void append(final List<byte[]> args)
    {
        put(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (final byte[] arg : args)
        {
            put(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            put(arg);
            put(CRLF);
        }
    }

    /**
     * Sends the commands appended since the last flush.
     *
     * @param deadlineNs when to give up, by {@link System#nanoTime()}.
     * @throws IOException when they cannot be sent in time.
     */
    void flush(final long deadlineNs) throws IOException
    {
        out.flip();
        try
        {
            while (out.hasRemaining())
            {
                if (channel.write(out) == 0)
                {
                    await(SelectionKey.OP_WRITE, deadlineNs, "sending");
                }
            }
        }
        finally
        {
            out.clear();
        }
    }

    private void put(final byte[] bytes)
    {
        if (out.remaining() < bytes.length)
        {
            final ByteBuffer grown = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes.length));
            out.flip();
            grown.put(out);
            out = grown;
        }
        out.put(bytes);
    }

    /**
     * One byte of the reply.
     *
     * @param deadlineNs when to give up.
     * @return the byte.
     * @throws IOException when none comes in time or the server closed the connection.
     */
    byte readByte(final long deadlineNs) throws IOException
    {
        if (!in.hasRemaining())
        {
            fill(deadlineNs);
        }
        return in.get();
    }

    /**
     * A line of the reply, without its CRLF.
     *
     * @param maxBytes   the longest line accepted.
     * @param deadlineNs when to give up.
     * @return the line's bytes.
     * @throws IOException when none comes in time, it is longer than {@code maxBytes}, or the connection closed.
     */
    byte[] readLine(final int maxBytes, final long deadlineNs) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true)
        {
            final byte b = readByte(deadlineNs);
            if (b == '\r')
            {
                if (readByte(deadlineNs) != '\n')
                {
                    throw new IOException("RESP protocol error: CR without LF");
                }
                return line.toByteArray();
            }
            if (line.size() >= maxBytes)
            {
                throw new ReplyTooLargeException(maxBytes);
            }
            line.write(b);
        }
    }

    /**
     * A bulk string's bytes and the CRLF after them.
     *
     * @param length     its length, from its header.
     * @param deadlineNs when to give up.
     * @return the bytes.
     * @throws IOException when they do not come in time or the connection closed.
     */
    byte[] readBulk(final int length, final long deadlineNs) throws IOException
    {
        final byte[] bytes = new byte[length];
        int at = 0;
        while (at < length)
        {
            if (!in.hasRemaining())
            {
                fill(deadlineNs);
            }
            final int n = Math.min(in.remaining(), length - at);
            in.get(bytes, at, n);
            at += n;
        }
        if (readByte(deadlineNs) != '\r' || readByte(deadlineNs) != '\n')
        {
            throw new IOException("RESP protocol error: bulk string without its CRLF");
        }
        return bytes;
    }

    /**
     * Waits until a reply starts to arrive, or a time passes, or {@link #wakeup()}: for a connection that receives
     * what the server pushes (pub/sub) rather than answers.
     *
     * @param untilNs when to stop waiting, by {@link System#nanoTime()}.
     * @return true when a reply's bytes are there to read.
     * @throws IOException when the server closed the connection, or reading failed.
     */
    boolean awaitReply(final long untilNs) throws IOException
    {
        if (in.hasRemaining())
        {
            return true;
        }
        in.compact();
        try
        {
            final int n = channel.read(in);
            if (n < 0)
            {
                throw new EOFException("the server closed the connection");
            }
            if (n > 0)
            {
                return true;
            }
            final long remainingNs = untilNs - System.nanoTime();
            if (remainingNs > 0)
            {
                key.interestOps(SelectionKey.OP_READ);
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNs)));
                selector.selectedKeys().clear();
            }
            return false;
        }
        finally
        {
            in.flip();
        }
    }

    /** Ends an {@link #awaitReply} in progress early; from any thread. */
    void wakeup()
    {
        selector.wakeup();
    }

    private void fill(final long deadlineNs) throws IOException
    {
        in.compact();
        try
        {
            while (true)
            {
                final int n = channel.read(in);
                if (n > 0)
                {
                    return;
                }
                if (n < 0)
                {
                    throw new EOFException("the server closed the connection");
                }
                await(SelectionKey.OP_READ, deadlineNs, "waiting for the reply");
            }
        }
        finally
        {
            in.flip();
        }
    }

    private void await(final int ops, final long deadlineNs, final String doing) throws IOException
    {
        final long remainingNs = deadlineNs - System.nanoTime();
        if (remainingNs <= 0)
        {
            throw new SocketTimeoutException("timed out " + doing);
        }
        key.interestOps(ops);
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNs)));
        selector.selectedKeys().clear();
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            selector.close();
        }
        finally
        {
            channel.close();
        }
    }

    /** A reply, or a line of one, larger than the answer may be: the rest is not read, so the connection is spent. */
    static final class ReplyTooLargeException extends IOException
    {
        private static final long serialVersionUID = 1L;

        ReplyTooLargeException(final int limit)
        {
            super("the reply is larger than the route's " + limit + "-byte message limit (maxMessageBytes)");
        }
    }
}
