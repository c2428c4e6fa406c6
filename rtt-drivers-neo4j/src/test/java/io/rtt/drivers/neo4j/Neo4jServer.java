package io.rtt.drivers.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The in-process Neo4j 5.26 of this module's tests, started once per test JVM on a free loopback port and shared by
 * every test class (a restart keeps the port, so a driver pointed at it finds it again). Its configuration:
 * <ul>
 *     <li>Bolt on {@code 127.0.0.1}, a port the kernel picks; no HTTP server;</li>
 *     <li>authentication on, the user {@code neo4j} with {@link #PASSWORD};</li>
 *     <li>LOAD CSV's import directory set, as every packaged {@code neo4j.conf} sets it: left unset, as the harness
 *     leaves it, the server reads any {@code file:///} URL on the machine;</li>
 *     <li>Bolt's shutdown quiet period 0 (five seconds for each of its two event loop groups otherwise);</li>
 *     <li>its in-JVM "local" Bolt connector off: it registers a Netty local channel the way Netty 4.1 allowed, and
 *     the reactor's Netty is 4.2, which refuses it.</li>
 * </ul>
 * Its files are under {@code target/neo4j}. Thread-safe: the methods are synchronized.
 */
final class Neo4jServer
{
    /** The password of the user {@code neo4j}. */
    static final String PASSWORD = "rtt-test-secret";
    /** Where the harness keeps its databases and logs, one directory per start. */
    static final Path WORKING_DIR = Path.of("target", "neo4j").toAbsolutePath();
    /** LOAD CSV's import directory. */
    static final Path IMPORT_DIR = WORKING_DIR.resolve("import");

    private static Neo4jServer shared;

    private Neo4j neo4j;
    private int port;

    private Neo4jServer()
    {
    }

    /**
     * The shared server, started on first use and stopped when the JVM exits.
     *
     * @return the running server.
     * @throws IOException when its directories cannot be made.
     */
    static synchronized Neo4jServer shared() throws IOException
    {
        if (shared == null)
        {
            final Neo4jServer server = new Neo4jServer();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "rtt-neo4j-stop"));
            shared = server;
        }
        return shared;
    }

    /**
     * Starts the server, on the port it had when it ran before; its data is new.
     *
     * @throws IOException when its directories cannot be made.
     */
    synchronized void start() throws IOException
    {
        if (neo4j != null)
        {
            return;
        }
        Files.createDirectories(IMPORT_DIR);
        final Neo4j started = Neo4jBuilders.newInProcessBuilder(WORKING_DIR)
            .withDisabledServer()
            .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .withConfig(BoltConnectorInternalSettings.enable_local_connector, false)
            .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
            .withConfig(GraphDatabaseSettings.auth_enabled, true)
            .withConfig(GraphDatabaseSettings.load_csv_file_url_root, IMPORT_DIR)
            .build();
        started.databaseManagementService().database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
            .executeTransactionally("ALTER USER neo4j SET PASSWORD '" + PASSWORD + "' CHANGE NOT REQUIRED");
        port = started.boltURI().getPort();
        neo4j = started;
    }

    /**
     * Stops the server; its port stays free for {@link #start}.
     */
    synchronized void stop()
    {
        if (neo4j != null)
        {
            neo4j.close();
            neo4j = null;
        }
    }

    /**
     * The server's address as the driver's user, without the password.
     *
     * @return e.g. {@code bolt://neo4j@127.0.0.1:40123}.
     */
    synchronized String url()
    {
        return "bolt://neo4j@127.0.0.1:" + port;
    }

    /**
     * The server's port.
     *
     * @return the Bolt port on 127.0.0.1.
     */
    synchronized int port()
    {
        return port;
    }

    /**
     * The default database, embedded: for fixtures the driver's JSON cannot make, such as byte arrays.
     *
     * @return the database.
     */
    synchronized GraphDatabaseService database()
    {
        return neo4j.defaultDatabaseService();
    }

    /**
     * The system database, embedded: its users, to check what a request could not change.
     *
     * @return the database.
     */
    synchronized GraphDatabaseService systemDatabase()
    {
        return neo4j.databaseManagementService().database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    }
}
