package io.rtt.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import io.rtt.engine.Engine;
import io.rtt.engine.Workspace;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.services.DevServices;
import io.rtt.engine.services.RunningService;
import io.rtt.engine.trust.Keyring;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Each driver through a route beside the same operation done by the system's own client from the calling process:
 * pgjdbc for postgres, Jedis for redis, sqlite-jdbc for sqlite, and Neo4j's Java driver where a Neo4j is given. A panel in a child process (as {@code rtt serve})
 * serves one route per driver and lane kind (shm, uds) to real servers this bench starts: Postgres through RTT's dev
 * services (the installed server, over its Unix socket, which pgjdbc's baseline uses too), a {@code redis-server} on
 * a loopback port (Jedis speaks TCP only, so the route's driver does too), and SQLite files.
 * <p>
 * Two figures per driver and lane: latency with one request in flight (p50 and p99 over sequential requests; the
 * goal is a p50 overhead of at most {@value #P50_OVERHEAD_GOAL_US} µs over direct), and throughput with
 * {@value #WINDOW} requests in flight (the goal is at least {@value #THROUGHPUT_GOAL}× direct; the direct baseline
 * pipelines where its client can, Jedis's pipeline, and otherwise runs one at a time as pgjdbc and sqlite-jdbc do).
 * Transports alternate run by run; medians over the runs are reported.
 */
final class DriverBench
{
    static final double P50_OVERHEAD_GOAL_US = 15;
    static final double THROUGHPUT_GOAL = 0.9;
    static final int WINDOW = 64;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> LANES = List.of("shm", "uds");

    /** One driver's operation, through the route and directly. */
    private interface Operation extends AutoCloseable
    {
        /** Runs the operation once with the system's own client. */
        void direct() throws Exception;

        /** Runs {@code count} operations with the system's own client, as many in flight as it allows. */
        void directBurst(int count) throws Exception;

        /** The route's request for the same operation. */
        byte[] request();

        @Override
        void close() throws Exception;
    }

    /**
     * What to run.
     *
     * @param dir      scratch directory.
     * @param runs     interleaved runs of each transport.
     * @param requests sequential requests per latency run.
     * @param burst    requests per throughput run.
     * @param neo4j    a running Neo4j, {@code bolt://user@host:port}, to measure the neo4j driver too; null to leave
     *                 it out (none can be installed here: {@code bench/neo4j/bench-drivers-with-neo4j.sh} starts the
     *                 tests' in-process server for it).
     * @param neo4jPassword that Neo4j's password, or null.
     */
    record Options(Path dir, int runs, int requests, int burst, @Nullable URI neo4j, @Nullable String neo4jPassword)
    {
    }

    /**
     * One driver and lane's figures: medians over the runs.
     *
     * @param driver          the driver.
     * @param lane            the route's lane.
     * @param routeP50Us      the route's p50 latency, one request in flight.
     * @param routeP99Us      its p99.
     * @param directP50Us     the direct client's p50.
     * @param directP99Us     its p99.
     * @param routeRps        the route's requests per second, {@value #WINDOW} in flight.
     * @param directRps       the direct client's, pipelined where it can.
     */
    record Figures(String driver, String lane, double routeP50Us, double routeP99Us, double directP50Us,
        double directP99Us, double routeRps, double directRps)
    {
        double overheadUs()
        {
            return routeP50Us - directP50Us;
        }

        double throughputRatio()
        {
            return routeRps / directRps;
        }

        boolean met()
        {
            return overheadUs() <= P50_OVERHEAD_GOAL_US && throughputRatio() >= THROUGHPUT_GOAL;
        }

        String toJson()
        {
            return String.format(Locale.ROOT, "{\"driver\":\"%s\",\"lane\":\"%s\",\"route_p50_us\":%.1f," +
                "\"route_p99_us\":%.1f,\"direct_p50_us\":%.1f,\"direct_p99_us\":%.1f,\"p50_overhead_us\":%.1f," +
                "\"route_rps\":%.0f,\"direct_rps\":%.0f,\"throughput_ratio\":%.3f,\"met\":%s}", driver, lane,
                routeP50Us, routeP99Us, directP50Us, directP99Us, overheadUs(), routeRps, directRps,
                throughputRatio(), met());
        }
    }

    private DriverBench()
    {
    }

    /**
     * Runs every driver on both lanes.
     *
     * @param options what to run.
     * @param log     where progress goes.
     * @return the figures, per driver and lane.
     * @throws Exception when a server or the panel cannot start, or a request fails.
     */
    static List<Figures> run(final Options options, final PrintStream log) throws Exception
    {
        final Path root = options.dir().resolve("drivers-ws");
        final int redisPort = freePort();
        final List<Figures> figures = new ArrayList<>();
        try (DevServices services = new DevServices(Workspace.open(workspace(root, options.neo4j() != null)));
            RedisProcess redis = RedisProcess.start(options.dir().resolve("redis"), redisPort))
        {
            final RunningService postgres = services.ensure("db", "postgres");
            log.printf("postgres dev service at %s; redis-server on 127.0.0.1:%d%n", postgres.endpoint(), redisPort);
            commit(root, postgres.endpoint(), redisPort, options);
            try (Child panel = Child.start("panel", "on", root.toString());
                Operation pg = JdbcOperation.postgres(postgres.endpoint());
                Operation cache = new RedisOperation(redisPort);
                Operation ledger = JdbcOperation.sqlite(options.dir().resolve("direct.sqlite")))
            {
                figures.addAll(measure("postgres", "db", pg, root, options, log));
                figures.addAll(measure("redis", "cache", cache, root, options, log));
                figures.addAll(measure("sqlite", "ledger", ledger, root, options, log));
                if (options.neo4j() != null)
                {
                    try (Operation graph = new Neo4jOperation(options.neo4j(), options.neo4jPassword()))
                    {
                        figures.addAll(measure("neo4j", "graph", graph, root, options, log));
                    }
                }
            }
        }
        return figures;
    }

    /** Prints the figures as a table with each goal. */
    static void printTable(final PrintStream out, final List<Figures> figures)
    {
        out.printf(Locale.ROOT, "%-9s %-4s %10s %10s %10s %10s %10s %11s %11s %7s %s%n", "driver", "lane",
            "route p50", "route p99", "direct p50", "direct p99", "overhead", "route rps", "direct rps", "ratio",
            "goals (p50 +" + (int)P50_OVERHEAD_GOAL_US + " us, >= " + THROUGHPUT_GOAL + "x)");
        for (final Figures f : figures)
        {
            out.printf(Locale.ROOT, "%-9s %-4s %8.1fus %8.1fus %8.1fus %8.1fus %8.1fus %11.0f %11.0f %6.2fx %s%n",
                f.driver(), f.lane(), f.routeP50Us(), f.routeP99Us(), f.directP50Us(), f.directP99Us(),
                f.overheadUs(), f.routeRps(), f.directRps(), f.throughputRatio(), f.met() ? "met" : "MISSED");
        }
    }

    private static List<Figures> measure(final String driver, final String component, final Operation operation,
        final Path root, final Options options, final PrintStream log) throws Exception
    {
        final List<Figures> figures = new ArrayList<>();
        final List<RouteClient> clients = new ArrayList<>();
        try
        {
            for (final String lane : LANES)
            {
                clients.add(RouteClient.connect(root, lane + "app->" + component));
            }
            final byte[] request = operation.request();
            // warm both sides before anything is measured
            for (final RouteClient client : clients)
            {
                latencies(client, request, options.requests());
                burst(client, request, options.burst());
            }
            directLatencies(operation, options.requests());
            operation.directBurst(options.burst());
            final double[][] route = new double[clients.size() * 3][options.runs()];
            final double[][] direct = new double[3][options.runs()];
            for (int run = 0; run < options.runs(); run++)
            {
                final boolean directFirst = run % 2 == 0;
                if (directFirst)
                {
                    record(direct, 0, run, directLatencies(operation, options.requests()),
                        directRate(operation, options.burst()));
                }
                for (int c = 0; c < clients.size(); c++)
                {
                    record(route, c * 3, run, latencies(clients.get(c), request, options.requests()),
                        burst(clients.get(c), request, options.burst()));
                }
                if (!directFirst)
                {
                    record(direct, 0, run, directLatencies(operation, options.requests()),
                        directRate(operation, options.burst()));
                }
                log.printf(Locale.ROOT, "%s run %d: direct p50 %.1f us, %.0f/s%n", driver, run + 1,
                    direct[0][run], direct[2][run]);
            }
            for (int c = 0; c < clients.size(); c++)
            {
                figures.add(new Figures(driver, LANES.get(c), median(route[c * 3]), median(route[c * 3 + 1]),
                    median(direct[0]), median(direct[1]), median(route[c * 3 + 2]), median(direct[2])));
            }
        }
        finally
        {
            for (final RouteClient client : clients)
            {
                client.close();
            }
        }
        return figures;
    }

    /** Writes a run's p50, p99 (µs) and rate into rows {@code at}, {@code at + 1}, {@code at + 2}. */
    private static void record(final double[][] rows, final int at, final int run, final long[] latencies,
        final double rate)
    {
        rows[at][run] = percentileUs(latencies, 0.50);
        rows[at + 1][run] = percentileUs(latencies, 0.99);
        rows[at + 2][run] = rate;
    }

    private static long[] latencies(final RouteClient client, final byte[] request, final int count)
    {
        final long[] latencies = new long[count];
        for (int i = 0; i < count; i++)
        {
            final long start = System.nanoTime();
            client.request(request, TIMEOUT).join();
            latencies[i] = System.nanoTime() - start;
        }
        return latencies;
    }

    /** Requests per second with {@value #WINDOW} in flight. */
    private static double burst(final RouteClient client, final byte[] request, final int count)
    {
        final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[WINDOW];
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            final int slot = i % WINDOW;
            if (inFlight[slot] != null)
            {
                inFlight[slot].join();
            }
            inFlight[slot] = client.request(request, TIMEOUT);
        }
        for (final CompletableFuture<?> pending : inFlight)
        {
            if (pending != null)
            {
                pending.join();
            }
        }
        return count * 1e9 / (System.nanoTime() - start);
    }

    private static long[] directLatencies(final Operation operation, final int count) throws Exception
    {
        final long[] latencies = new long[count];
        for (int i = 0; i < count; i++)
        {
            final long start = System.nanoTime();
            operation.direct();
            latencies[i] = System.nanoTime() - start;
        }
        return latencies;
    }

    private static double directRate(final Operation operation, final int count) throws Exception
    {
        final long start = System.nanoTime();
        operation.directBurst(count);
        return count * 1e9 / (System.nanoTime() - start);
    }

    private static double percentileUs(final long[] latencies, final double quantile)
    {
        final long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return sorted[(int)Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e3;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The workspace: a caller per lane kind, each with a route to postgres, redis, sqlite and maybe neo4j. */
    private static Path workspace(final Path root, final boolean neo4j) throws IOException
    {
        Files.createDirectories(root.resolve("shmapp"));
        Files.createDirectories(root.resolve("udsapp"));
        final String app = """
                build: ./%s
                environment:
                  DATABASE_URL: postgres://bench@db:5432/bench
                  REDIS_URL: redis://cache:6379
            """ + (neo4j ? "      NEO4J_URI: bolt://graph:7687\n    depends_on: [db, cache, ledger, graph]\n" :
            "    depends_on: [db, cache, ledger]\n");
        Files.writeString(root.resolve("compose.yaml"), "services:\n  shmapp:\n" + app.formatted("shmapp") +
            "  udsapp:\n" + app.formatted("udsapp") + """
              db:
                image: postgres:16
              cache:
                image: redis:7
              ledger:
                image: keinos/sqlite3:3.47.2
            """ + (neo4j ? "  graph:\n    image: neo4j:5\n" : ""));
        return root;
    }

    /** Points the datastores at the servers started here, pins each caller's lane, and commits the plan. */
    private static void commit(final Path root, final URI postgres, final int redisPort, final Options options)
        throws IOException
    {
        final StringBuilder policy = new StringBuilder("services: off\nroutes:\n");
        for (final String lane : LANES)
        {
            for (final String to : options.neo4j() != null ? List.of("db", "cache", "ledger", "graph") :
                List.of("db", "cache", "ledger"))
            {
                policy.append("  \"").append(lane).append("app->").append(to).append("\": { lane: ").append(lane)
                    .append(" }\n");
            }
        }
        policy.append("components:\n  db: { endpoint: \"").append(postgres).append("\" }\n  cache: { endpoint: ")
            .append("\"tcp://127.0.0.1:").append(redisPort).append("\" }\n");
        if (options.neo4j() != null)
        {
            final Path secret = root.resolve(".graph-secret");
            Files.writeString(secret, String.valueOf(options.neo4jPassword()));
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            policy.append("  graph: { endpoint: \"").append(options.neo4j()).append("\", secretFile: .graph-secret }\n");
        }
        Files.writeString(root.resolve("rtt.yaml"), policy.toString());
        final Engine engine = Engine.open(root);
        Keyring.of(engine.workspace()).init("bench");
        final Plan plan = engine.plan();
        final Applier applier = engine.applier();
        applier.sign(plan, null, 0, Duration.ofHours(1));
        if (!applier.apply(plan, false).committed())
        {
            throw new IllegalStateException("the bench's plan was not committed");
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /** {@code select ? + 1}, prepared, through a JDBC connection: pgjdbc's or sqlite-jdbc's. */
    private static final class JdbcOperation implements Operation
    {
        private final String sql;
        private final Connection connection;

        JdbcOperation(final String sql, final Connection connection)
        {
            this.sql = sql;
            this.connection = connection;
        }

        /** Postgres at a dev service's address, {@code postgresql://user@/database?host=<socket dir>&port=<port>}. */
        static JdbcOperation postgres(final URI endpoint) throws SQLException
        {
            String host = null;
            String port = "5432";
            for (final String pair : endpoint.getQuery().split("&"))
            {
                if (pair.startsWith("host="))
                {
                    host = pair.substring(5);
                }
                else if (pair.startsWith("port="))
                {
                    port = pair.substring(5);
                }
            }
            final Properties properties = new Properties();
            final String authority = endpoint.getRawAuthority();
            properties.setProperty("user", authority.substring(0, authority.indexOf('@')));
            properties.setProperty("socketFactory", "io.rtt.drivers.postgres.UnixSocketFactory");
            properties.setProperty("socketFactoryArg", host + "/.s.PGSQL." + port);
            return new JdbcOperation("select ?::int + 1 as n",
                DriverManager.getConnection("jdbc:postgresql://localhost" + endpoint.getPath(), properties));
        }

        /** SQLite on a file of its own, in the driver's journal and sync modes. */
        static JdbcOperation sqlite(final Path file) throws SQLException
        {
            final Properties properties = new Properties();
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("synchronous", "NORMAL");
            return new JdbcOperation("select ? + 1 as n", DriverManager.getConnection("jdbc:sqlite:" + file,
                properties));
        }

        @Override
        public void direct() throws SQLException
        {
            try (PreparedStatement statement = connection.prepareStatement(sql))
            {
                statement.setInt(1, 41);
                try (ResultSet rows = statement.executeQuery())
                {
                    if (!rows.next() || rows.getInt(1) != 42)
                    {
                        throw new IllegalStateException(sql + " did not answer 42");
                    }
                }
            }
        }

        @Override
        public void directBurst(final int count) throws SQLException
        {
            for (int i = 0; i < count; i++)
            {
                direct();
            }
        }

        @Override
        public byte[] request()
        {
            return ("{\"sql\":\"" + sql + "\",\"params\":[41]}").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws SQLException
        {
            connection.close();
        }
    }

    /** {@code GET k} in Redis. */
    private static final class RedisOperation implements Operation
    {
        private final Jedis jedis;

        RedisOperation(final int port)
        {
            jedis = new Jedis("127.0.0.1", port);
            jedis.set("k", "v");
        }

        @Override
        public void direct()
        {
            if (!"v".equals(jedis.get("k")))
            {
                throw new IllegalStateException("redis did not answer v");
            }
        }

        @Override
        public void directBurst(final int count)
        {
            for (int sent = 0; sent < count; sent += WINDOW)
            {
                try (Pipeline pipeline = jedis.pipelined())
                {
                    for (int i = 0; i < Math.min(WINDOW, count - sent); i++)
                    {
                        pipeline.get("k");
                    }
                    pipeline.sync();
                }
            }
        }

        @Override
        public byte[] request()
        {
            return "[\"GET\",\"k\"]".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close()
        {
            jedis.close();
        }
    }

    /** {@code RETURN $x + 1} in Neo4j, each in a transaction of its own, as the route's driver runs it. */
    private static final class Neo4jOperation implements Operation
    {
        private static final String CYPHER = "RETURN $x + 1 AS n";
        private final org.neo4j.driver.Driver driver;
        private final Session session;

        Neo4jOperation(final URI bolt, final @Nullable String password)
        {
            final String user = bolt.getUserInfo() == null ? "neo4j" : bolt.getUserInfo();
            final URI address = URI.create(bolt.getScheme() + "://" + bolt.getHost() + ":" + bolt.getPort());
            driver = GraphDatabase.driver(address, password == null ? AuthTokens.none() :
                AuthTokens.basic(user, password));
            session = driver.session();
        }

        @Override
        public void direct()
        {
            final long n = session.executeWrite(tx -> tx.run(CYPHER, Map.of("x", 41)).single().get(0).asLong());
            if (n != 42)
            {
                throw new IllegalStateException("neo4j did not answer 42");
            }
        }

        @Override
        public void directBurst(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                direct();
            }
        }

        @Override
        public byte[] request()
        {
            return ("{\"cypher\":\"" + CYPHER + "\",\"params\":{\"x\":41}}").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close()
        {
            session.close();
            driver.close();
        }
    }

    /** A {@code redis-server} on a loopback port, nothing persisted, stopped on close. */
    private static final class RedisProcess implements AutoCloseable
    {
        private final Process process;

        private RedisProcess(final Process process)
        {
            this.process = process;
        }

        static RedisProcess start(final Path dir, final int port) throws IOException, InterruptedException
        {
            Files.createDirectories(dir);
            final Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() - deadline < 0)
            {
                try (Socket probe = new Socket("127.0.0.1", port))
                {
                    return new RedisProcess(process);
                }
                catch (final IOException notYet)
                {
                    if (!process.isAlive())
                    {
                        break;
                    }
                    Thread.sleep(20);
                }
            }
            process.destroyForcibly();
            throw new IOException("redis-server did not listen on 127.0.0.1:" + port + " (see " +
                dir.resolve("redis.log") + "); is it installed (Debian: apt-get install redis-server)?");
        }

        @Override
        public void close() throws InterruptedException
        {
            process.destroy();
            process.waitFor();
        }
    }
}
