package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.rtt.engine.Engine;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.model.Lane;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panel on the bundled example, with its WAL head committed for real (keys, plan, sign, apply): lanes of both
 * kinds come up, real requests go through the echo and sqlite drivers, QoS is enforced and counted, metrics are
 * served, and teardown leaves no file, socket or thread behind.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PanelTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Engine committed(final String policy) throws IOException
    {
        return CommittedShop.commit(dir, policy);
    }

    private static Panel.Context context(final Engine engine)
    {
        return new Panel.Context().engine(engine);
    }

    @Test
    void shouldServeBothLaneKindsWithRealDriversAndLeaveNothingBehind() throws Exception
    {
        final Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        // the example's own policy rate-limits api->catalog; this test sends bursts
        final Engine engine = committed("routes:\n  \"api->catalog\": { lane: uds }\n");
        final Path laneDir;
        try (Panel panel = Panel.start(context(engine).metricsPort(0)))
        {
            final List<RouteStatus> status = panel.reconcile();
            assertTrue(status.stream().anyMatch(s -> s.route().equals("api->catalog") && s.served() &&
                s.lane() == Lane.UDS), status.toString());
            assertTrue(status.stream().anyMatch(s -> s.route().equals("worker->ledger") && s.served() &&
                s.lane() == Lane.SHM), status.toString());
            assertTrue(status.stream().anyMatch(s -> s.route().equals("api->db") && !s.served() &&
                s.detail().contains("no built-in driver postgres")), status.toString());
            laneDir = LaneDirectory.of(engine.workspace()).laneDir();

            try (RouteClient catalog = RouteClient.connect(engine.workspace().root(), "api->catalog");
                RouteClient ledger = RouteClient.connect(engine.workspace().root(), "worker->ledger"))
            {
                assertEquals(Lane.UDS, catalog.lane());
                final List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
                for (int i = 0; i < 500; i++)
                {
                    echoes.add(catalog.request(("sku-" + i).getBytes(StandardCharsets.UTF_8), TIMEOUT));
                }
                for (int i = 0; i < 500; i++)
                {
                    assertArrayEquals(("sku-" + i).getBytes(StandardCharsets.UTF_8), echoes.get(i).join());
                }

                assertEquals(Lane.SHM, ledger.lane());
                sql(ledger, "create table entries(id integer primary key, amount integer)");
                for (int i = 1; i <= 20; i++)
                {
                    assertEquals("{\"changes\":1}", sql(ledger, "insert into entries(amount) values (" + i + ")"));
                }
                assertEquals("{\"columns\":[\"n\",\"total\"],\"rows\":[[20,210]]}",
                    sql(ledger, "select count(*) as n, sum(amount) as total from entries"));
                final CompletionException bad = assertThrows(CompletionException.class,
                    () -> sql(ledger, "select * from no_such_table"));
                assertTrue(bad.getCause() instanceof RouteErrorException, bad.toString());
                assertTrue(bad.getCause().getMessage().contains("no such table"), bad.getCause().getMessage());
                final CompletionException tooLarge = assertThrows(CompletionException.class,
                    () -> sql(ledger, "select printf('%.200000c', 'x')"));
                assertTrue(tooLarge.getCause().getMessage().contains("larger than the route's 65536-byte message"),
                    tooLarge.getCause().getMessage());
                assertEquals("{\"columns\":[\"n\"],\"rows\":[[20]]}", sql(ledger, "select count(*) as n from entries"),
                    "the driver goes on after a value too large for its route");
                final CompletionException attach = assertThrows(CompletionException.class,
                    () -> sql(ledger, "attach database '/tmp/elsewhere.db' as other"));
                assertTrue(attach.getCause().getMessage().contains("too many attached"),
                    attach.getCause().getMessage());
            }

            final RouteMetrics catalogMetrics = metricsOf(panel, "api->catalog");
            assertEquals(500, catalogMetrics.get(RouteCounter.REQUESTS));
            assertEquals(500, catalogMetrics.get(RouteCounter.RESPONSES));
            assertEquals(500, catalogMetrics.latencies().getTotalCount());
            final RouteMetrics ledgerMetrics = metricsOf(panel, "worker->ledger");
            assertEquals(26, ledgerMetrics.get(RouteCounter.REQUESTS));
            assertEquals(3, ledgerMetrics.get(RouteCounter.ERRORS));

            final String scrape = get(panel.metricsPort(), "/metrics");
            assertTrue(scrape.contains(
                "rtt_route_requests_total{route=\"api->catalog\",lane=\"uds\",driver=\"echo\"} 500"), scrape);
            assertTrue(scrape.contains("rtt_route_latency_seconds_count{route=\"worker->ledger\",lane=\"shm\"," +
                "driver=\"sqlite\"} 26"), scrape);
            assertTrue(scrape.contains("# TYPE rtt_route_latency_seconds summary"), scrape);
        }
        try (Stream<Path> left = Files.list(laneDir))
        {
            assertEquals(List.of(), left.toList(), "lane files left after teardown");
        }
        assertFalse(Files.exists(engine.workspace().layout().publishedLanesFile()));
        assertNoNewThreads(threadsBefore);
    }

    @Test
    void shouldRefuseRequestsOverTheRateOfAFailFastRoute() throws Exception
    {
        final Engine engine = committed("routes:\n  \"api->catalog\": { lane: uds, rate: 5, backpressure: failFast }\n");
        try (Panel panel = Panel.start(context(engine));
            RouteClient catalog = RouteClient.connect(engine.workspace().root(), "api->catalog"))
        {
            int refused = 0;
            for (int i = 0; i < 40; i++)
            {
                try
                {
                    catalog.request(new byte[] {1}, TIMEOUT).join();
                }
                catch (final CompletionException ex)
                {
                    assertTrue(ex.getCause().getMessage().contains("over its rate limit"), ex.getCause().getMessage());
                    refused++;
                }
            }
            final RouteMetrics metrics = metricsOf(panel, "api->catalog");
            assertTrue(refused >= 30, "refused " + refused + " of 40 at 5/s");
            assertEquals(refused, metrics.get(RouteCounter.REJECTED));
            assertEquals(40 - refused, metrics.get(RouteCounter.RESPONSES));
        }
    }

    @Test
    void shouldCountWhatADropRouteDiscards() throws Exception
    {
        final Engine engine = committed("routes:\n  \"worker->ledger\": { lane: shm, rate: 5, backpressure: drop }\n");
        try (Panel panel = Panel.start(context(engine));
            RouteClient ledger = RouteClient.connect(engine.workspace().root(), "worker->ledger"))
        {
            final List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++)
            {
                answers.add(ledger.request("select 1".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(500)));
            }
            int answered = 0;
            for (final CompletableFuture<byte[]> answer : answers)
            {
                try
                {
                    answer.join();
                    answered++;
                }
                catch (final CompletionException timedOut)
                {
                    assertTrue(timedOut.getCause() instanceof java.util.concurrent.TimeoutException,
                        timedOut.toString());
                }
            }
            final RouteMetrics metrics = metricsOf(panel, "worker->ledger");
            assertEquals(40 - answered, metrics.get(RouteCounter.DROPPED), "every unanswered request was a counted drop");
            assertTrue(metrics.get(RouteCounter.DROPPED) >= 30, "dropped " + metrics.get(RouteCounter.DROPPED));
        }
    }

    @Test
    void shouldFollowANewWalHead() throws Exception
    {
        final Engine engine = committed(null);
        try (Panel panel = Panel.start(context(engine)))
        {
            assertTrue(panel.reconcile().stream().anyMatch(s -> s.route().equals("api->catalog") &&
                s.lane() == Lane.UDS));
            Files.writeString(engine.workspace().root().resolve("rtt.yaml"),
                "routes:\n  \"api->catalog\": { lane: shm }\n");
            final Plan next = engine.plan();
            engine.applier().sign(next, null, 0, Duration.ofHours(1));
            assertTrue(engine.applier().apply(next, false).committed());
            assertTrue(panel.reconcile().stream().anyMatch(s -> s.route().equals("api->catalog") && s.served() &&
                s.lane() == Lane.SHM));
            try (RouteClient catalog = RouteClient.connect(engine.workspace().root(), "api->catalog"))
            {
                assertEquals(Lane.SHM, catalog.lane());
                assertArrayEquals(new byte[] {7}, catalog.request(new byte[] {7}, TIMEOUT).join());
            }
        }
    }

    @Test
    void shouldFollowANewWalHeadByItselfWhenItsClockSaysItIsTime() throws Exception
    {
        final Engine engine = committed(null);
        final CachedNanoClock clock = new CachedNanoClock();
        try (Panel panel = Panel.start(context(engine).watchIntervalMs(50).nanoClock(clock)))
        {
            Files.writeString(engine.workspace().root().resolve("rtt.yaml"),
                "routes:\n  \"api->catalog\": { lane: shm }\n");
            final Plan next = engine.plan();
            engine.applier().sign(next, null, 0, Duration.ofHours(1));
            assertTrue(engine.applier().apply(next, false).committed());
            assertTrue(panel.status().stream().anyMatch(s -> s.route().equals("api->catalog") &&
                s.lane() == Lane.UDS), "its clock stood still: the watcher has not looked");

            clock.advance(TimeUnit.MILLISECONDS.toNanos(50));
            final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (panel.status().stream().noneMatch(s -> s.route().equals("api->catalog") && s.served() &&
                s.lane() == Lane.SHM))
            {
                assertTrue(System.nanoTime() < giveUpAt, "the watcher never picked up the new head: " +
                    panel.status());
                Thread.yield();
            }
        }
    }

    @Test
    void shouldConcludeAContextOnceAndNameTheSettingItRefuses() throws Exception
    {
        assertEquals("engine=null: a panel needs the engine of its workspace",
            assertThrows(IllegalArgumentException.class, () -> new Panel.Context().conclude()).getMessage());
        final Engine engine = Engine.open(dir);
        final Panel.Context base = context(engine).watchIntervalMs(1000);
        assertEquals("metricsPort=70000: expected -1 (none), 0 (any free port) or 1-65535",
            assertThrows(IllegalArgumentException.class, () -> base.clone().metricsPort(70_000).conclude())
                .getMessage());
        assertEquals("watchIntervalMs=-1: expected 0 (never) or more",
            assertThrows(IllegalArgumentException.class, () -> base.clone().watchIntervalMs(-1).conclude())
                .getMessage());
        assertEquals("metricsPort=0 with recordMetrics=false: a panel that records no metrics serves none",
            assertThrows(IllegalArgumentException.class,
                () -> base.clone().metricsPort(0).recordMetrics(false).conclude()).getMessage());

        final Panel.Context concluded = base.clone().conclude();
        assertEquals(SystemNanoClock.INSTANCE, concluded.nanoClock(), "the system clock by default");
        assertTrue(concluded.errorHandler() != null, "a logging error handler by default");
        assertEquals(1000, concluded.watchIntervalMs());
        assertEquals(null, base.nanoClock(), "a clone leaves its base as it was");
        assertEquals("Panel.Context is already concluded: a context serves one panel",
            assertThrows(IllegalStateException.class, concluded::conclude).getMessage());
    }

    @Test
    void shouldLeaveTheWorkspaceFreeWhenStartFails() throws Exception
    {
        final Engine engine = committed(null);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final int port = taken.getLocalPort();
            assertEquals("cannot serve metrics on 127.0.0.1:" + port, assertThrows(UncheckedIOException.class,
                () -> Panel.start(context(engine).metricsPort(port))).getMessage());
        }
        assertTrue(Panel.observe(engine).stream().noneMatch(RouteStatus::served), "nothing left serving");
        try (Panel panel = Panel.start(context(engine)))
        {
            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES, panel.lanes().size(),
                "the lock was dropped: the next panel starts");
        }
    }

    @Test
    void shouldAllowOnePanelPerWorkspace() throws Exception
    {
        final Engine engine = committed(null);
        try (Panel first = Panel.start(context(engine)))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> Panel.start(context(engine)));
            assertTrue(ex.getMessage().startsWith("a panel already serves this workspace"), ex.getMessage());
            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES, LaneDirectory.of(engine.workspace()).published().size(),
                "the first panel's routes stay");
            final List<RouteStatus> observed = Panel.observe(engine);
            // a breaker's state, a backend, and why a driver did not start (no redis runs here), are the panel's to say: from
            // outside they are not known
            assertEquals(first.status().stream().map(r -> new RouteStatus(r.route(), r.lane(), r.driver(), r.served(),
                !r.served() && "redis".equals(r.driver()) ? "not served by the running panel (see its log)" :
                r.detail(), null, null)).toList(), observed, "seen from outside, the same as the panel says");
            assertTrue(first.status().stream().allMatch(r -> r.served() == "closed".equals(r.breaker())),
                first.status().toString());
        }
        assertTrue(Panel.observe(engine).stream().noneMatch(RouteStatus::served));
        try (Panel next = Panel.start(context(engine)))
        {
            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES, next.lanes().size());
        }
    }

    @Test
    void shouldNameTheServedRoutesWhenAskedForAnother() throws Exception
    {
        final Engine engine = committed(null);
        try (Panel panel = Panel.start(context(engine)))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> RouteClient.connect(engine.workspace().root(), "api->db"));
            assertEquals("route api->db is not served; served routes: api->cache, api->catalog, worker->cache, " +
                "worker->ledger", ex.getMessage());
        }
    }

    private static String sql(final RouteClient ledger, final String statement)
    {
        return new String(ledger.request(statement.getBytes(StandardCharsets.UTF_8), TIMEOUT).join(),
            StandardCharsets.UTF_8);
    }

    private static RouteMetrics metricsOf(final Panel panel, final String route)
    {
        return panel.metrics().stream().filter(m -> m.route().equals(route)).findFirst().orElseThrow();
    }

    private static String get(final int port, final String path) throws IOException
    {
        final HttpURLConnection connection =
            (HttpURLConnection)URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        try (InputStream in = connection.getInputStream())
        {
            assertEquals(200, connection.getResponseCode());
            assertTrue(connection.getContentType().startsWith("text/plain; version=0.0.4"));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        finally
        {
            connection.disconnect();
        }
    }

    private static void assertNoNewThreads(final Set<Thread> before) throws InterruptedException
    {
        final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<Thread> leaked;
        do
        {
            leaked = new HashSet<>(Thread.getAllStackTraces().keySet());
            leaked.removeAll(before);
            // the JDK's own shared threads (CompletableFuture timeouts, HTTP keep-alive, the flight recorder's, which
            // JFR starts with the JVM's first recording and keeps) are not ours to stop
            leaked.removeIf(t -> !t.isAlive() || t.getName().startsWith("CompletableFutureDelayScheduler") ||
                t.getName().startsWith("Keep-Alive") || t.getName().startsWith("JFR "));
            if (leaked.isEmpty())
            {
                return;
            }
            Thread.sleep(50);
        }
        while (System.nanoTime() < giveUpAt);
        assertEquals(Set.of(), leaked, "threads left after teardown");
    }
}
