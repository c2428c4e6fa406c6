package io.rtt.engine.services;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.RttException;

/**
 * Redis from an installed {@code redis-server}, else the bundled one (see {@link ServiceArtifacts}): no TCP port, a
 * Unix socket only RTT's user may open, nothing saved to disk. Its endpoint is {@code unix://} followed by the
 * socket's absolute path ({@code unix:///…/redis.sock}). Redis runs as root when RTT does.
 * <p>
 * Stateless and thread-safe.
 */
final class RedisDevService implements DevService
{
    /** The socket's file name. */
    static final String SOCKET = "redis.sock";
    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long PING_TIMEOUT_MS = 2_000;

    /** What the dynamic loader says when the bundled server's OpenSSL 3 is missing. */
    private static final String NO_LIBSSL = "libssl.so.3: cannot open shared object file";

    private final List<Path> searchPath;
    private final ServiceArtifacts artifacts;

    /**
     * A Redis dev service finding its server on a search path.
     *
     * @param searchPath the directories searched for {@code redis-server}.
     * @param artifacts  the bundled server, extracted when the search path has none.
     */
    RedisDevService(final List<Path> searchPath, final ServiceArtifacts artifacts)
    {
        this.searchPath = List.copyOf(searchPath);
        this.artifacts = artifacts;
    }

    @Override
    public String technology()
    {
        return "redis";
    }

    @Override
    public RunningService start(final Path dir)
    {
        final Path installed = ServiceProcesses.find(searchPath, "redis-server");
        final Path server = installed != null ? installed : bundled();
        final Path runtime = ServiceProcesses.runtimeDir(dir, "rtt-redis-", SOCKET, false);
        final Path socket = runtime.resolve(SOCKET);
        final Path log = dir.resolve(DevServices.LOG_FILE);
        try
        {
            removeRuntime(dir, runtime);
            ServiceProcesses.createRuntime(dir, runtime);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot prepare " + runtime + ": " + ex, ex);
        }
        final long from = ServiceProcesses.size(log);
        final Process process = ServiceProcesses.launch(List.of(server.toString(), "--port", "0",
            "--unixsocket", socket.toString(), "--unixsocketperm", "700", "--save", "", "--appendonly", "no",
            "--dir", runtime.toString(), "--daemonize", "no"), runtime, log, null);
        try
        {
            ServiceProcesses.awaitReady(process, () -> Files.exists(socket) && ping(socket), log, from,
                "redis-server " + server);
        }
        catch (final RttException ex)
        {
            if (installed == null && ex.getMessage().contains(NO_LIBSSL))
            {
                throw new RttException(RttException.Kind.IO, "the bundled redis-server (Redis 6.2) needs OpenSSL 3, " +
                    "which this machine lacks; install it: apt-get install libssl3", ex);
            }
            throw ex;
        }
        final Path removable = runtime;
        return new RunningService(technology(), endpoint(socket), process.toHandle(), List.of(), () ->
        {
            ServiceProcesses.stop(process.toHandle(), process::destroy);
            removeRuntime(dir, removable);
        });
    }

    @Override
    public boolean owns(final ProcessHandle process)
    {
        final Path server = ServiceProcesses.find(searchPath, "redis-server");
        return server != null && DevServices.sameExecutable(process, server) ||
            DevServices.sameExecutable(process, artifacts.redisServer());
    }

    @Override
    public boolean answers(final Path dir)
    {
        final Path socket = ServiceProcesses.runtimeDir(dir, "rtt-redis-", SOCKET, false).resolve(SOCKET);
        return Files.exists(socket) && ping(socket);
    }

    @Override
    public void stopLeftover(final Path dir, final ProcessHandle process)
    {
        ServiceProcesses.stop(process, process::destroy);
        removeRuntime(dir, ServiceProcesses.runtimeDir(dir, "rtt-redis-", SOCKET, false));
    }

    /**
     * The endpoint of a socket.
     *
     * @param socket the socket's absolute path.
     * @return {@code unix://<path>}.
     */
    static URI endpoint(final Path socket)
    {
        try
        {
            return new URI("unix", "", socket.toString(), null, null);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("socket path " + socket + " makes no URI", ex);
        }
    }

    /**
     * Whether Redis answers a PING on its socket within a bound.
     *
     * @param socket the socket.
     * @return true when it replies {@code +PONG}.
     */
    static boolean ping(final Path socket)
    {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            Selector selector = Selector.open())
        {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(PING));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            final ByteBuffer reply = ByteBuffer.allocate(64);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PING_TIMEOUT_MS);
            while (reply.position() < "+PONG\r\n".length())
            {
                final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
                if (leftMs <= 0 || selector.select(leftMs) == 0 && System.nanoTime() - deadlineNs > 0)
                {
                    return false;
                }
                selector.selectedKeys().clear();
                if (channel.read(reply) < 0)
                {
                    return false;
                }
            }
            return "+PONG\r\n".equals(new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** The bundled server, extracted now when it is not cached. */
    private Path bundled()
    {
        try
        {
            return artifacts.extractRedis();
        }
        catch (final RttException ex)
        {
            throw new RttException(RttException.Kind.IO, "no Redis server installed (redis-server on " + searchPath +
                "), and " + ex.getMessage(), ex);
        }
    }

    private static void removeRuntime(final Path dir, final Path runtime)
    {
        if (runtime.equals(dir))
        {
            try
            {
                Files.deleteIfExists(runtime.resolve(SOCKET));
            }
            catch (final IOException ex)
            {
                throw new RttException(RttException.Kind.IO, "cannot remove " + runtime.resolve(SOCKET) + ": " + ex,
                    ex);
            }
        }
        else
        {
            ServiceProcesses.deleteTree(runtime);
        }
    }
}
