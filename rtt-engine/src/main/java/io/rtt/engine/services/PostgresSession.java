package io.rtt.engine.services;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A minimal Postgres client for a dev service's own cluster: frontend/backend protocol 3.0 over the cluster's Unix
 * socket, trust authentication, simple queries only. It seeds and probes a cluster from a server tree that has no
 * {@code psql} or {@code pg_isready} (the bundled one), and needs no driver in the engine.
 * <p>
 * A simple query may hold many statements; Postgres runs them as one implicit transaction (unless the text has its
 * own {@code BEGIN}/{@code COMMIT}) and stops at the first error. A {@code COPY ... FROM STDIN} is answered with
 * CopyFail, so it fails with that reason rather than hanging. Every read is bounded by the session's deadline.
 * <p>
 * Not thread-safe: one thread opens, queries and closes a session.
 */
final class PostgresSession implements AutoCloseable
{
    /** Protocol 3.0, as the StartupMessage carries it. */
    private static final int PROTOCOL_VERSION = 3 << 16;
    private static final String COPY_REFUSED = "COPY FROM STDIN needs psql, which the bundled Postgres lacks";

    private final SocketChannel channel;
    private final Selector selector;
    private final long deadlineNs;
    private final ByteBuffer header = ByteBuffer.allocate(5);

    private PostgresSession(final SocketChannel channel, final Selector selector, final long deadlineNs)
    {
        this.channel = channel;
        this.selector = selector;
        this.deadlineNs = deadlineNs;
    }

    /**
     * Connects to a cluster's socket and logs in.
     *
     * @param socket    the cluster's {@code .s.PGSQL.<port>} socket.
     * @param user      the user, also the database's name.
     * @param timeoutMs the bound on the whole session, login and queries.
     * @return the session, ready for a query.
     * @throws IOException when the socket refuses, the server asks for a password, sends an error, or the bound
     *                     passes.
     */
    static PostgresSession open(final Path socket, final String user, final long timeoutMs) throws IOException
    {
        final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try
        {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            final PostgresSession session = new PostgresSession(channel, selector,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
            session.startup(user);
            return session;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (selector != null)
            {
                selector.close();
            }
            channel.close();
            throw ex;
        }
    }

    /**
     * Whether a cluster accepts a login on its socket within a bound: what {@code pg_isready} tells.
     *
     * @param socket    the cluster's socket.
     * @param user      the user.
     * @param timeoutMs the bound.
     * @return true when the login completes.
     */
    static boolean ready(final Path socket, final String user, final long timeoutMs)
    {
        try (PostgresSession session = open(socket, user, timeoutMs))
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Runs SQL text as one simple query and waits for the server to be ready again.
     *
     * @param sql the statements, without NUL characters.
     * @return {@code null} when every statement ran, else the server's first error as
     *         {@code "ERROR: <message> (at character <n>)"}.
     * @throws IOException when the connection fails or the bound passes.
     */
    @Nullable String query(final String sql) throws IOException
    {
        if (sql.indexOf('\0') >= 0)
        {
            return "the SQL text holds a NUL character, which a query cannot carry";
        }
        final byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer query = ByteBuffer.allocate(1 + 4 + text.length + 1);
        query.put((byte)'Q').putInt(4 + text.length + 1).put(text).put((byte)0).flip();
        write(query);
        String error = null;
        while (true)
        {
            final byte type = readHeader();
            final ByteBuffer body = readBody();
            switch (type)
            {
                case 'E' -> error = error != null ? error : error(body);
                case 'G' ->
                {
                    final byte[] reason = COPY_REFUSED.getBytes(StandardCharsets.UTF_8);
                    final ByteBuffer fail = ByteBuffer.allocate(1 + 4 + reason.length + 1);
                    fail.put((byte)'f').putInt(4 + reason.length + 1).put(reason).put((byte)0).flip();
                    write(fail);
                }
                case 'Z' ->
                {
                    return error;
                }
                default ->
                {
                    // row descriptions, rows, command tags, notices and COPY TO STDOUT data are not wanted
                }
            }
        }
    }

    /** Says goodbye (Terminate) and closes the socket. */
    @Override
    public void close() throws IOException
    {
        try
        {
            if (channel.isConnected())
            {
                channel.write(ByteBuffer.wrap(new byte[] {'X', 0, 0, 0, 4}));
            }
        }
        catch (final IOException ex)
        {
            // the server went first; closing is all that is left
        }
        finally
        {
            selector.close();
            channel.close();
        }
    }

    private void startup(final String user) throws IOException
    {
        final byte[] params = ("user\0" + user + "\0database\0" + user + "\0\0").getBytes(StandardCharsets.UTF_8);
        final ByteBuffer startup = ByteBuffer.allocate(4 + 4 + params.length);
        startup.putInt(4 + 4 + params.length).putInt(PROTOCOL_VERSION).put(params).flip();
        write(startup);
        while (true)
        {
            final byte type = readHeader();
            final ByteBuffer body = readBody();
            switch (type)
            {
                case 'R' ->
                {
                    final int code = body.getInt();
                    if (code != 0)
                    {
                        throw new IOException("the cluster asks for authentication (request " + code +
                            "); a dev service's cluster trusts its socket");
                    }
                }
                case 'E' -> throw new IOException(error(body));
                case 'Z' ->
                {
                    return;
                }
                default ->
                {
                    // parameter status and the backend key are not wanted
                }
            }
        }
    }

    /** An ErrorResponse as {@code SEVERITY: message (at character n)}, from its fields. */
    private static String error(final ByteBuffer body)
    {
        String severity = "ERROR";
        String message = "";
        String position = null;
        while (body.hasRemaining())
        {
            final byte code = body.get();
            if (code == 0)
            {
                break;
            }
            final int start = body.position();
            while (body.get() != 0)
            {
                // to the field's terminating NUL
            }
            final String value = new String(body.array(), start, body.position() - start - 1,
                StandardCharsets.UTF_8);
            switch (code)
            {
                case 'V' -> severity = value;
                case 'M' -> message = value;
                case 'P' -> position = value;
                default ->
                {
                    // detail, hint, context and the rest: the message names the fault
                }
            }
        }
        return severity + ": " + message + (position != null ? " (at character " + position + ")" : "");
    }

    private byte readHeader() throws IOException
    {
        header.clear();
        fill(header);
        header.flip();
        return header.get();
    }

    private ByteBuffer readBody() throws IOException
    {
        final int length = header.getInt() - 4;
        if (length < 0 || length > 64 << 20)
        {
            throw new IOException("Postgres sent a message of " + length + " bytes");
        }
        final ByteBuffer body = ByteBuffer.allocate(length);
        fill(body);
        body.flip();
        return body;
    }

    private void fill(final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            if (channel.read(buffer) < 0)
            {
                throw new EOFException("Postgres closed the connection");
            }
            if (buffer.hasRemaining())
            {
                await(SelectionKey.OP_READ);
            }
        }
    }

    private void write(final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            if (channel.write(buffer) == 0)
            {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    private void await(final int op) throws IOException
    {
        channel.keyFor(selector).interestOps(op);
        final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
        if (leftMs <= 0 || selector.select(leftMs) == 0 && System.nanoTime() - deadlineNs >= 0)
        {
            throw new IOException("Postgres did not answer within the session's bound");
        }
        selector.selectedKeys().clear();
    }
}
