package io.rtt.drivers.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL 15 cluster for tests: initdb into a temporary directory, the postmaster run as the
 * {@code postgres} user (Postgres refuses root, and tests run as root) on a free loopback port and a Unix socket in
 * its own directory, with a plain login role {@code rtt} (no superuser) owning a database {@code rtt} and granted
 * Supabase's {@code anon}, {@code authenticated} and {@code service_role} (which bypasses Row Level Security).
 */
final class PostgresCluster implements AutoCloseable
{
    /** Where Debian installs PostgreSQL 15's binaries. */
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Path dir;
    private final Path socketDir;
    private final int port;
    private final boolean tcp;
    private Process postmaster;

    private PostgresCluster(final Path dir, final Path socketDir, final int port, final boolean tcp)
    {
        this.dir = dir;
        this.socketDir = socketDir;
        this.port = port;
        this.tcp = tcp;
    }

    /**
     * Makes and starts a cluster listening on a free loopback port and a socket in its own directory.
     *
     * @return the running cluster, its role and database made.
     * @throws Exception when Postgres cannot be set up.
     */
    static PostgresCluster start() throws Exception
    {
        final Path dir = Files.createTempDirectory("rtt-pg");
        return start(dir, dir.resolve("socket"), freePort(), true);
    }

    /**
     * Makes and starts a cluster listening only on a Unix socket, {@code .s.PGSQL.5432} in a given directory.
     *
     * @param socketDir the socket's directory, made if absent.
     * @return the running cluster.
     * @throws Exception when Postgres cannot be set up.
     */
    static PostgresCluster startOnSocket(final Path socketDir) throws Exception
    {
        return start(Files.createTempDirectory("rtt-pg"), socketDir, PostgresTarget.DEFAULT_PORT, false);
    }

    private static PostgresCluster start(final Path dir, final Path socketDir, final int port, final boolean tcp)
        throws Exception
    {
        Files.createDirectories(socketDir);
        run(List.of("chown", "-R", "postgres:postgres", dir.toString(), socketDir.toString()));
        run(asPostgres(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
            "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"));
        final PostgresCluster cluster = new PostgresCluster(dir, socketDir, port, tcp);
        try
        {
            cluster.launch();
            cluster.superuser("CREATE ROLE rtt LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
                "CREATE DATABASE rtt OWNER rtt",
                "CREATE ROLE anon NOLOGIN", "CREATE ROLE authenticated NOLOGIN",
                "CREATE ROLE service_role NOLOGIN BYPASSRLS",
                "GRANT anon, authenticated, service_role TO rtt");
            return cluster;
        }
        catch (final Exception ex)
        {
            cluster.close();
            throw ex;
        }
    }

    /** Starts the postmaster on the cluster's data, and waits until it accepts connections. */
    void launch() throws Exception
    {
        final List<String> command = asPostgres(BIN.resolve("postgres").toString(), "-D",
            dir.resolve("data").toString(), "-k", socketDir.toString(), "-p", Integer.toString(port), "-c",
            "listen_addresses=" + (tcp ? "127.0.0.1" : ""), "-c", "fsync=off");
        postmaster = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("postmaster.log").toFile()).start();
        final long deadline = System.nanoTime() + START_TIMEOUT_NS;
        SQLException last = null;
        while (System.nanoTime() - deadline < 0)
        {
            if (!postmaster.isAlive())
            {
                throw new IllegalStateException("postgres exited " + postmaster.exitValue() + ": " +
                    Files.readString(dir.resolve("postmaster.log")));
            }
            try (Connection ignored = connect("postgres", "postgres"))
            {
                return;
            }
            catch (final SQLException ex)
            {
                last = ex;
                postmaster.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("postgres did not accept connections within 60 s", last);
    }

    /**
     * Kills the postmaster with SIGKILL, as a crash would, and waits for it to be gone.
     *
     * @throws InterruptedException if interrupted while waiting.
     */
    void kill() throws InterruptedException
    {
        postmaster.destroyForcibly();
        postmaster.waitFor();
    }

    /**
     * Starts the postmaster again after {@link #kill}, once its orphaned backends have let go of its memory.
     *
     * @throws Exception when it does not come back within a minute.
     */
    void restart() throws Exception
    {
        final long deadline = System.nanoTime() + START_TIMEOUT_NS;
        while (true)
        {
            try
            {
                launch();
                return;
            }
            catch (final IllegalStateException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
            }
        }
    }

    /**
     * Runs statements as the superuser in the {@code rtt} database.
     *
     * @param statements the statements.
     * @throws SQLException when one fails.
     */
    void superuserInRtt(final String... statements) throws SQLException
    {
        execute(connect("postgres", "rtt"), statements);
    }

    private void superuser(final String... statements) throws SQLException
    {
        execute(connect("postgres", "postgres"), statements);
    }

    private static void execute(final Connection connection, final String... statements) throws SQLException
    {
        try (connection; Statement statement = connection.createStatement())
        {
            for (final String sql : statements)
            {
                statement.execute(sql);
            }
        }
    }

    /**
     * A connection as a role to a database.
     *
     * @param user     the role.
     * @param database the database.
     * @return the connection.
     * @throws SQLException when the server refuses it.
     */
    Connection connect(final String user, final String database) throws SQLException
    {
        final Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("connectTimeout", "5");
        if (!tcp)
        {
            properties.setProperty("socketFactory", UnixSocketFactory.class.getName());
            properties.setProperty("socketFactoryArg", socketFile().toString());
            properties.setProperty("sslmode", "disable");
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }

    /**
     * The TCP address of the driver's database as its plain role.
     *
     * @return e.g. {@code postgresql://rtt@127.0.0.1:40123/rtt}.
     */
    String tcpUrl()
    {
        return "postgresql://rtt@127.0.0.1:" + port + "/rtt";
    }

    /**
     * The Unix-socket address of the driver's database as its plain role, in libpq's form.
     *
     * @return e.g. {@code postgresql://rtt@/rtt?host=/tmp/rtt-pg1/socket}.
     */
    String socketUrl()
    {
        return "postgresql://rtt@:" + port + "/rtt?host=" + socketDir;
    }

    /**
     * The server's socket file.
     *
     * @return {@code .s.PGSQL.<port>} in the socket directory.
     */
    Path socketFile()
    {
        return socketDir.resolve(".s.PGSQL." + port);
    }

    @Override
    public void close() throws Exception
    {
        if (postmaster != null && postmaster.isAlive())
        {
            // SIGTERM: smart shutdown would wait for clients; SIGINT is "fast"
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor();
            if (!postmaster.waitFor(30, TimeUnit.SECONDS))
            {
                postmaster.destroyForcibly().waitFor();
            }
        }
        run(List.of("rm", "-rf", dir.toString()));
    }

    private static List<String> asPostgres(final String... command)
    {
        final List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
            "--clear-groups"));
        all.addAll(List.of(command));
        return all;
    }

    private static void run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed " + process.exitValue() + ": " + output);
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
