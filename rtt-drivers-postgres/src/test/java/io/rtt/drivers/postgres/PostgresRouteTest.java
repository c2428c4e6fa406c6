package io.rtt.drivers.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.Engine;
import io.rtt.engine.drivers.Drivers;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.trust.Keyring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real panel serving a workspace's route to Postgres over its lane: the driver is found on the class path, its
 * endpoint is the {@code RTT_ENDPOINT_DB} variable the build sets (the Unix socket of a cluster this test starts in
 * the directory the build names), and SQL errors come back as error frames while the route keeps serving.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PostgresRouteTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ROUTE = "app->db";

    @TempDir
    Path dir;

    @Test
    void shouldServeAWorkspaceRouteToPostgresOverItsLane() throws Exception
    {
        assertTrue(Drivers.BUILT_IN.contains("postgres"), Drivers.BUILT_IN.toString());
        final Path socketDir = Path.of(System.getProperty("rtt.pg.socketDir"));
        assertEquals("postgresql://rtt@/rtt?host=" + socketDir, System.getenv("RTT_ENDPOINT_DB"));
        try (PostgresCluster cluster = PostgresCluster.startOnSocket(socketDir))
        {
            cluster.superuserInRtt("CREATE TABLE orders (id int PRIMARY KEY, total numeric)",
                "ALTER TABLE orders OWNER TO rtt");
            final Engine engine = commit("""
                services:
                  app:
                    build: ./app
                    environment:
                      DATABASE_URL: postgres://rtt@db:5432/rtt
                    depends_on: [db]
                  db:
                    image: postgres:15
                """);
            try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1)))
            {
                final List<RouteStatus> status = panel.reconcile();
                assertTrue(status.stream().anyMatch(s -> s.route().equals(ROUTE) && s.served()), status.toString());
                try (RouteClient db = RouteClient.connect(engine.workspace().root(), ROUTE))
                {
                    assertEquals("{\"results\":[{\"changes\":1},{\"changes\":1}]}", request(db,
                        "{\"tx\":[{\"sql\":\"INSERT INTO orders VALUES (?, ?)\",\"params\":[1, 9.99]}," +
                            "{\"sql\":\"INSERT INTO orders VALUES (?, ?)\",\"params\":[2, 0.01]}]}"));
                    final CompletionException ex = assertThrows(CompletionException.class,
                        () -> request(db, "{\"sql\":\"SELECT * FROM nowhere\"}"));
                    assertInstanceOf(RouteErrorException.class, ex.getCause());
                    assertEquals("ERROR: relation \"nowhere\" does not exist", ex.getCause().getMessage());
                    assertEquals("{\"columns\":[\"n\",\"total\"],\"types\":[\"int8\",\"numeric\"]," +
                        "\"rows\":[[2,\"10.00\"]]}", request(db, "{\"sql\":\"SELECT count(*) AS n, sum(total) AS " +
                        "total FROM orders\"}"));
                    db.probe(TIMEOUT).join();
                }
                final RouteMetrics metrics = panel.metrics().stream().filter(m -> m.route().equals(ROUTE))
                    .findFirst().orElseThrow();
                assertEquals(1, metrics.get(RouteCounter.ERRORS));
            }
        }
    }

    private static String request(final RouteClient db, final String json)
    {
        return new String(db.request(json.getBytes(StandardCharsets.UTF_8), TIMEOUT).join(), StandardCharsets.UTF_8);
    }

    /** A workspace of one compose file, its plan signed by a local key and applied. */
    private Engine commit(final String compose) throws Exception
    {
        final Path root = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(root.resolve("compose.yaml"), compose);
        final Engine engine = Engine.open(root);
        Keyring.of(engine.workspace()).init("alice");
        final Plan plan = engine.plan();
        final Applier applier = engine.applier();
        applier.sign(plan, null, 0, Duration.ofHours(1));
        assertTrue(applier.apply(plan, false).committed());
        return engine;
    }
}
