package io.rtt.drivers.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.drivers.Drivers;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.json.Json;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.query.QueryRequest;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.trust.Keyring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real panel serving a workspace's route to Neo4j over its lane: the driver is found on the class path, its
 * endpoint is rtt.yaml's {@code components.graph.endpoint} and its password the 0600 file rtt.yaml's
 * {@code secretFile} names; Cypher errors and refused requests come back as error frames, counted, while the route
 * keeps serving. A server that is not there leaves the route unserved, its status naming the endpoint, the step
 * that chose it and what to change.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Neo4jRouteTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ROUTE = "app->graph";
    private static final String COMPOSE = """
        services:
          app:
            build: ./app
            environment:
              NEO4J_URI: bolt://graph:7687
            depends_on: [graph]
          graph:
            image: neo4j:5
        """;

    @TempDir
    Path dir;

    @Test
    void shouldServeAWorkspaceRouteToNeo4jOverItsLane() throws Exception
    {
        assertTrue(Drivers.BUILT_IN.contains("neo4j"), Drivers.BUILT_IN.toString());
        final Neo4jServer server = Neo4jServer.shared();
        final Engine engine = commit(server.url());
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1)))
        {
            final List<RouteStatus> status = panel.reconcile();
            assertTrue(status.stream().anyMatch(s -> s.route().equals(ROUTE) && s.driver().equals("neo4j") &&
                s.served()), status.toString());
            try (RouteClient graph = RouteClient.connect(engine.workspace().root(), ROUTE))
            {
                assertEquals("{\"results\":[{\"columns\":[],\"rows\":[],\"counters\":{\"nodesCreated\":1," +
                    "\"propertiesSet\":2,\"labelsAdded\":1}},{\"columns\":[\"n\"],\"rows\":[[1]]}]}",
                    request(graph, "{\"tx\":[{\"cypher\":\"CREATE (:Order {id: $id, total: $total})\"," +
                        "\"params\":{\"id\":\"route-1\",\"total\":9.99}},{\"cypher\":\"MATCH (o:Order {id: " +
                        "'route-1'}) RETURN count(o) AS n\"}]}"));
                assertEquals("Neo.ClientError.Statement.SyntaxError: Invalid input '': expected an expression " +
                    "(line 1, column 11 (offset: 10))", error(graph, "{\"cypher\":\"RETURN 1 +\"}"));
                assertEquals(Neo4jRequest.LOAD_CSV_REFUSED,
                    error(graph, "{\"cypher\":\"LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line\"}"));
                assertEquals("{\"columns\":[\"total\"],\"rows\":[[9.99]]}", request(graph,
                    "{\"cypher\":\"MATCH (o:Order {id: 'route-1'}) RETURN o.total AS total\"}"));
                graph.probe(TIMEOUT).join();
            }
            // rtt query / rtt_query: Cypher through the same route, read-only unless writes are allowed
            assertEquals("{\"columns\":[\"total\"],\"rows\":[[9.99]]}", engine.query(new QueryRequest("graph",
                "MATCH (o:Order {id: $id}) RETURN o.total AS total", Json.MAPPER.readTree("{\"id\":\"route-1\"}"),
                false, TIMEOUT)).answer().toString());
            final RttException refused = assertThrows(RttException.class, () -> engine.query(new QueryRequest(
                "graph", "CREATE (:Order {id: 'route-2'})", null, false, TIMEOUT)));
            assertTrue(refused.getMessage().startsWith("graph refused the query: Neo.ClientError."),
                refused.getMessage());
            final RouteMetrics metrics = panel.metrics().stream().filter(m -> m.route().equals(ROUTE))
                .findFirst().orElseThrow();
            assertEquals(3, metrics.get(RouteCounter.ERRORS));
        }
    }

    @Test
    void shouldLeaveTheRouteUnservedNamingTheEndpointWhenNeo4jIsNotThere() throws Exception
    {
        final Engine engine = commit("bolt://neo4j@127.0.0.1:1");
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1)))
        {
            final RouteStatus status = panel.reconcile().stream().filter(s -> s.route().equals(ROUTE)).findFirst()
                .orElseThrow();
            assertFalse(status.served(), status.toString());
            assertTrue(status.detail().startsWith("cannot start: cannot reach neo4j at bolt://neo4j@127.0.0.1:1 " +
                "(rtt.yaml): Unable to connect to 127.0.0.1:1"), status.detail());
            assertTrue(status.detail().endsWith("; start it, or point RTT_ENDPOINT_GRAPH or rtt.yaml " +
                "components.graph.endpoint at it"), status.detail());
        }
    }

    private static String request(final RouteClient graph, final String json)
    {
        return new String(graph.request(json.getBytes(StandardCharsets.UTF_8), TIMEOUT).join(),
            StandardCharsets.UTF_8);
    }

    private static String error(final RouteClient graph, final String json)
    {
        final CompletionException ex = assertThrows(CompletionException.class, () -> request(graph, json));
        assertInstanceOf(RouteErrorException.class, ex.getCause());
        return ex.getCause().getMessage();
    }

    /**
     * A workspace of one compose file and an rtt.yaml that points the graph at an endpoint with its password in a
     * 0600 file, its plan signed by a local key and applied.
     */
    private Engine commit(final String endpoint) throws Exception
    {
        final Path root = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(root.resolve("compose.yaml"), COMPOSE);
        final Path secret = Files.createDirectories(root.resolve(".secrets")).resolve("graph");
        Files.writeString(secret, Neo4jServer.PASSWORD + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(root.resolve("rtt.yaml"), "components:\n  graph: { endpoint: \"" + endpoint +
            "\", secretFile: .secrets/graph }\n");
        final Engine engine = Engine.open(root);
        Keyring.of(engine.workspace()).init("alice");
        final Plan plan = engine.plan();
        final Applier applier = engine.applier();
        applier.sign(plan, null, 0, Duration.ofHours(1));
        assertTrue(applier.apply(plan, false).committed());
        return engine;
    }
}
