package io.rtt.engine.drivers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.drivers.internal.EchoDriverProvider;
import io.rtt.engine.drivers.internal.RedisDriverProvider;
import io.rtt.engine.drivers.internal.SqliteDriverProvider;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Qos;
import io.rtt.engine.model.Route;
import io.rtt.engine.model.Slo;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.RouteStatus;


import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver seam: the engine's own drivers and one added on the test class path are found through the
 * {@link java.util.ServiceLoader}, and a real panel serves a route through the added one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DriversTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Component APP = component("app", ComponentKind.SERVICE, null);
    private static final Component LEDGER = component("led/ger", ComponentKind.DATASTORE, "sqlite");
    private static final Component STORE = component("store", ComponentKind.DATASTORE, "mongodb");
    private static final Component EVENTS = component("events", ComponentKind.BROKER, "kafka");
    private static final String EVENTS_COMPOSE = """
        services:
          app:
            build: ./app
            environment:
              EVENTS_ADDR: events:9092
              STORE_URL: mongodb://store:27017/app
          events:
            image: apache/kafka:3.8.0
          store:
            image: mongo:7
        """;

    @TempDir
    Path dir;

    @Test
    void shouldFindTheEngineDriversAndTheAddedOnesThroughTheServiceLoader()
    {
        assertEquals(List.of("echo", "kafka", "rabbitmq", "redis", "sqlite"),
            Drivers.providers().stream().map(DriverProvider::name).toList());
        assertEquals(List.of(EchoDriverProvider.class, AppendLogDriverProvider.class, ForwardingDriverProvider.class,
            RedisDriverProvider.class, SqliteDriverProvider.class),
            Drivers.providers().stream().map(Object::getClass).toList());
        assertEquals(Set.of("echo", "kafka", "rabbitmq", "redis", "sqlite"), Drivers.BUILT_IN);
        assertEquals("echo", Drivers.find(APP).orElseThrow().name());
        assertEquals("sqlite", Drivers.find(LEDGER).orElseThrow().name());
        assertEquals("kafka", Drivers.find(EVENTS).orElseThrow().name());
    }

    @Test
    void shouldGiveTheUnservedReasonForATechnologyWithNoDriver()
    {
        assertTrue(Drivers.find(STORE).isEmpty());
        final Graph graph = new Graph(Graph.FORMAT, List.of(APP, STORE), List.of(route(STORE, "mongodb")));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Drivers.start(graph.routes().get(0), graph, dir));
        assertEquals("no built-in driver mongodb yet (built in: echo, kafka, rabbitmq, redis, sqlite)",
            ex.getMessage());
        assertEquals(ex.getMessage(), Drivers.unservedReason("mongodb"));
    }

    @Test
    void shouldRefuseADriverForAComponentItDoesNotServe()
    {
        final Graph graph = new Graph(Graph.FORMAT, List.of(APP, STORE), List.of(route(STORE, "sqlite")));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Drivers.start(graph.routes().get(0), graph, dir));
        assertEquals("driver sqlite does not serve store (datastore, mongodb)", ex.getMessage());
    }

    @Test
    void shouldOpenTheSqliteDatabaseTheDefaultEndpointNamesInTheDataDirectory() throws Exception
    {
        final DriverEndpoint endpoint = Drivers.find(LEDGER).orElseThrow().defaultEndpoint(LEDGER, dir);
        assertEquals(DriverEndpoint.Source.DATA_DIRECTORY, endpoint.source());
        assertEquals(dir.resolve("led_ger.sqlite").toUri(), endpoint.address());
        assertEquals(DriverEndpoint.IN_PROCESS, Drivers.find(APP).orElseThrow().defaultEndpoint(APP, dir));

        final Graph graph = new Graph(Graph.FORMAT, List.of(APP, LEDGER), List.of(route(LEDGER, "sqlite")));
        try (Driver driver = Drivers.start(graph.routes().get(0), graph, dir))
        {
            assertEquals("{\"changes\":0}", call(driver, "create table t(x integer)"));
            assertEquals("{\"columns\":[\"x\"],\"rows\":[]}", call(driver, "select x from t"));
        }
        assertTrue(Files.isRegularFile(dir.resolve("led_ger.sqlite")));
    }

    @Test
    void shouldGiveADriverTheWidestLimitsOfTheRoutesToItsComponent()
    {
        final Route tight = new Route("app->led/ger", "app", LEDGER.id(), Lane.SHM, "sqlite",
            new Qos(0, 1, 50, 4096), Slo.NONE);
        final Route wide = new Route("events->led/ger", EVENTS.id(), LEDGER.id(), Lane.UDS, "sqlite",
            new Qos(0, 1, 0, 1 << 20), Slo.NONE);
        final Route elsewhere = new Route("app->events", "app", EVENTS.id(), Lane.UDS, "kafka",
            new Qos(0, 1, 60_000, 1 << 24), Slo.NONE);
        assertEquals(new DriverLimits(50, 4096), DriverLimits.of(tight,
            new Graph(Graph.FORMAT, List.of(APP, LEDGER, EVENTS), List.of(tight, elsewhere))));
        assertEquals(new DriverLimits(DriverLimits.DEFAULT_STATEMENT_TIMEOUT_MS, 1 << 20), DriverLimits.of(tight,
            new Graph(Graph.FORMAT, List.of(APP, LEDGER, EVENTS), List.of(tight, wide, elsewhere))));
    }

    @Test
    void shouldServeARouteThroughTheAddedProviderInARealPanel() throws Exception
    {
        final Engine engine = commit(EVENTS_COMPOSE);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1)))
        {
            final List<RouteStatus> status = panel.reconcile();
            final RouteStatus events = status.stream().filter(s -> s.route().equals("app->events")).findFirst()
                .orElseThrow(() -> new AssertionError(status.toString()));
            assertTrue(events.served(), status.toString());
            assertEquals("kafka", events.driver());
            final RouteStatus store = status.stream().filter(s -> s.route().equals("app->store")).findFirst()
                .orElseThrow(() -> new AssertionError(status.toString()));
            assertEquals(new RouteStatus("app->store", store.lane(), "mongodb", false,
                Drivers.unservedReason("mongodb"), null, null), store);
            assertEquals("closed", events.breaker());

            try (RouteClient client = RouteClient.connect(engine.workspace().root(), "app->events"))
            {
                for (int i = 0; i < 3; i++)
                {
                    final byte[] offset = client.request(("order-" + i).getBytes(StandardCharsets.UTF_8), TIMEOUT)
                        .join();
                    assertArrayEquals(Integer.toString(i).getBytes(StandardCharsets.US_ASCII), offset);
                }
            }
        }
    }

    @Test
    void shouldRestartADriverThatDiesAndAnswerItsRequestWithAnError() throws Exception
    {
        final Engine engine = commit(EVENTS_COMPOSE);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1));
            RouteClient client = RouteClient.connect(engine.workspace().root(), "app->events"))
        {
            assertEquals("0", record(client, "a"));
            assertEquals("1", record(client, "b"));
            assertEquals("the kafka driver failed with java.lang.OutOfMemoryError: " +
                AppendLogDriverProvider.POISONED + " and was restarted; whether the request took effect is unknown",
                error(client, AppendLogDriverProvider.POISON));
            assertEquals("0", record(client, "c"), "a new driver, with a new log, answers");

            final RouteStatus events = status(panel.reconcile(), "app->events");
            assertTrue(events.served(), events.toString());
            // the driver thread counts an answer once it is sent, so the client may read it a moment before
            final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
            RouteMetrics metrics = eventsMetrics(panel);
            while (metrics.get(RouteCounter.RESPONSES) < 3 && System.nanoTime() - deadlineNs < 0)
            {
                Thread.onSpinWait();
                metrics = eventsMetrics(panel);
            }
            assertEquals(1, metrics.get(RouteCounter.DRIVER_FAILURES));
            assertEquals(1, metrics.get(RouteCounter.ERRORS));
            assertEquals(3, metrics.get(RouteCounter.RESPONSES));
        }
    }

    private static RouteMetrics eventsMetrics(final Panel panel)
    {
        return panel.metrics().stream().filter(m -> m.route().equals("app->events")).findFirst().orElseThrow();
    }

    @Test
    void shouldTakeDownTheRoutesOfADriverThatKeepsDying() throws Exception
    {
        final Engine engine = commit(EVENTS_COMPOSE);
        final String reason = "the kafka driver failed 3 times within 60 s, last with java.lang.OutOfMemoryError: " +
            AppendLogDriverProvider.POISONED + "; it is stopped";
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1));
            RouteClient client = RouteClient.connect(engine.workspace().root(), "app->events"))
        {
            assertTrue(error(client, AppendLogDriverProvider.POISON).endsWith("and was restarted; whether the " +
                "request took effect is unknown"));
            assertTrue(error(client, AppendLogDriverProvider.POISON).endsWith("and was restarted; whether the " +
                "request took effect is unknown"));
            assertEquals(reason, error(client, AppendLogDriverProvider.POISON));
            assertEquals(reason, error(client, "a"), "a stopped driver answers with why it stopped");

            final RouteStatus events = status(panel.reconcile(), "app->events");
            assertFalse(events.served(), events.toString());
            assertEquals(reason, events.detail());
            assertTrue(status(panel.reconcile(), "app->store").detail().startsWith("no built-in driver mongodb"));
            assertFalse(status(engine.routes(), "app->events").served(), "clients no longer find its lane");
        }
    }

    private static RouteStatus status(final List<RouteStatus> statuses, final String route)
    {
        return statuses.stream().filter(s -> s.route().equals(route)).findFirst()
            .orElseThrow(() -> new AssertionError(statuses.toString()));
    }

    private static String record(final RouteClient client, final String record)
    {
        return new String(client.request(record.getBytes(StandardCharsets.UTF_8), TIMEOUT).join(),
            StandardCharsets.US_ASCII);
    }

    private static String error(final RouteClient client, final String record)
    {
        final CompletionException ex = assertThrows(CompletionException.class, () -> record(client, record));
        assertInstanceOf(RouteErrorException.class, ex.getCause());
        return ex.getCause().getMessage();
    }

    /** A workspace of one compose file, its plan signed by a local key and applied. */
    private Engine commit(final String compose) throws IOException
    {
        final Path root = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(root.resolve("compose.yaml"), compose);
        return CommittedWorkspace.commit(root);
    }

    private static String call(final Driver driver, final String request) throws Exception
    {
        final byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        final int length = driver.handle(new UnsafeBuffer(bytes), 0, bytes.length, out);
        return out.getStringWithoutLengthUtf8(0, length);
    }

    private static Route route(final Component to, final String driver)
    {
        return new Route("app->" + to.id(), "app", to.id(), Lane.UDS, driver, Qos.DEFAULT, Slo.NONE);
    }

    private static Component component(final String id, final ComponentKind kind, final String technology)
    {
        return new Component(id, id, kind, technology, null, null, null, List.of(), List.of());
    }
}
