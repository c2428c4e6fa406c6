package io.rtt.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} for a test (Debian's package, which scripts/test-all installs): loopback TCP on a
 * free port and a Unix socket in the test's directory, no persistence, its working directory the test's; started
 * again on the same port and socket after a kill.
 */
public final class RedisServer implements AutoCloseable
{
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    private final Path home;
    private final int port;
    private final String password;
    private Process process;

    private RedisServer(final Path home, final int port, final String password)
    {
        this.home = home;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts a server.
     *
     * @param dir      the test's directory; the server's files go in {@code dir/redis}.
     * @param password the {@code requirepass}, or {@code null} for none.
     * @return the running server, answering PING.
     * @throws Exception when it does not start in time; the failure carries its log. A machine without
     *                   {@code redis-server} fails the test, saying how to install it: the tests need the real server.
     */
    public static RedisServer start(final Path dir, final String password) throws Exception
    {
        final RedisServer server = new RedisServer(Files.createDirectories(dir.resolve("redis")), freePort(),
            password);
        server.launch();
        return server;
    }

    /**
     * The TCP endpoint.
     *
     * @return {@code tcp://127.0.0.1:<port>}.
     */
    public String tcp()
    {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * The Unix socket.
     *
     * @return its path.
     */
    public Path socket()
    {
        return home.resolve("redis.sock");
    }

    /**
     * Kills the server with SIGKILL and waits for it to be gone.
     *
     * @throws InterruptedException when interrupted while waiting.
     */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS))
        {
            throw new IllegalStateException("redis-server did not die after SIGKILL");
        }
    }

    /**
     * Starts the server again, same port, socket and password.
     *
     * @throws Exception when it does not start in time.
     */
    public void restart() throws Exception
    {
        Files.deleteIfExists(socket());
        launch();
    }

    private void launch() throws Exception
    {
        final List<String> argv = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind",
            "127.0.0.1", "--unixsocket", socket().toString(), "--unixsocketperm", "700", "--save", "",
            "--appendonly", "no", "--dir", home.toString(), "--daemonize", "no"));
        if (password != null)
        {
            argv.addAll(List.of("--requirepass", password));
        }
        final Path log = home.resolve("redis.log");
        process = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        final long deadlineNs = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (answers())
            {
                return;
            }
            if (process.waitFor(20, TimeUnit.MILLISECONDS))
            {
                throw new IllegalStateException("redis-server exited " + process.exitValue() + ": " +
                    Files.readString(log));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer within " + START_DEADLINE + ": " +
            Files.readString(log));
    }

    /** Whether the server answers on its port (an error for want of a password counts: it is up). */
    private boolean answers()
    {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            socket.setSoTimeout(1000);
            final OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final int first = in.read();
            return (first == '+' || first == '-') && Files.exists(socket());
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static String binary()
    {
        for (final String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"))
        {
            final Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate))
            {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server is not installed: install Debian's redis-server package " +
            "(apt-get install redis-server; scripts/test-all does)");
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    /**
     * Stops the server.
     *
     * @throws InterruptedException when interrupted while waiting for it to exit.
     */
    @Override
    public void close() throws InterruptedException
    {
        if (process != null && process.isAlive())
        {
            process.destroyForcibly();
            process.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
