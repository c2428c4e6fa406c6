package io.rtt.engine.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.Probe;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.testsupport.Examples;
import io.rtt.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled example's routes to its redis served by a real panel, the driver talking to a real, throwaway
 * {@code redis-server} that rtt.yaml names.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisRouteTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void shouldServeTheShopCacheRoutesOverTheirLanesAndAnswerWithErrorsWhileRedisIsDown() throws Exception
    {
        try (RedisServer redis = RedisServer.start(dir, null))
        {
            final Path shop = Examples.copy("shop", dir.resolve("ws"));
            Files.writeString(shop.resolve("rtt.yaml"), "components:\n  cache: { endpoint: \"" + redis.socket() +
                "\" }\n", StandardOpenOption.APPEND);
            final Engine engine = CommittedWorkspace.commit(shop);
            try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1)))
            {
                final List<RouteStatus> statuses = panel.reconcile();
                for (final String route : List.of("api->cache", "worker->cache"))
                {
                    final RouteStatus status = status(statuses, route);
                    assertTrue(status.served(), status.toString());
                    assertEquals("redis", status.driver());
                    assertEquals("unix:" + redis.socket() + " (rtt.yaml)", status.backend(),
                        "the backend, and the step that found it");
                }
                try (RouteClient api = RouteClient.connect(shop, "api->cache");
                    RouteClient worker = RouteClient.connect(shop, "worker->cache"))
                {
                    assertEquals("\"OK\"", request(api, "[\"SET\",\"cart:1\",\"3 items\"]"));
                    assertEquals("\"3 items\"", request(worker, "[\"GET\",\"cart:1\"]"));
                    assertEquals("command CONFIG is refused by the redis driver: it reaches the server's files or " +
                        "reconfigures it", error(api, "[\"CONFIG\",\"SET\",\"dir\",\"/\"]"));

                    assertPipelinedInOrder(api);

                    redis.kill();
                    assertTrue(error(api, "[\"GET\",\"cart:1\"]").startsWith("redis at unix:" + redis.socket()));
                    redis.restart();
                    final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
                    String answer = null;
                    while (answer == null && System.nanoTime() - deadlineNs < 0)
                    {
                        try
                        {
                            answer = request(api, "[\"SET\",\"cart:1\",\"again\"]");
                        }
                        catch (final CompletionException ex)
                        {
                            assertInstanceOf(RouteErrorException.class, ex.getCause());
                        }
                    }
                    assertEquals("\"OK\"", answer, "the route serves again once redis is back");
                    assertEquals("\"again\"", request(worker, "[\"GET\",\"cart:1\"]"));
                }
                assertTrue(status(panel.reconcile(), "api->cache").served());
                final LaneAddress lane = LaneDirectory.of(engine.workspace()).published().stream()
                    .filter(a -> a.route().equals("worker->cache")).findFirst().orElseThrow();
                assertEquals(new Probe.Result("worker->cache", 20, 20, null), Probe.run(lane, "redis", 20),
                    "rtt up's traffic: ECHO, answered with the text sent");
                final RouteMetrics metrics = panel.metrics().stream().filter(m -> m.route().equals("api->cache"))
                    .findFirst().orElseThrow();
                assertTrue(metrics.get(RouteCounter.ERRORS) >= 2, metrics.toString());
            }
        }
    }

    /**
     * Requests sent without waiting queue up at the driver, which pipelines them in batches: each still gets its own
     * answer, in order, with a bad request's error among them.
     */
    private static void assertPipelinedInOrder(final RouteClient client)
    {
        final List<CompletableFuture<byte[]>> answers = new ArrayList<>();
        for (int i = 0; i < 2_000; i++)
        {
            answers.add(client.request((i == 1_000 ? "[\"INCRBY\",\"hits\",\"x\"]" : "[\"INCR\",\"hits\"]")
                .getBytes(StandardCharsets.UTF_8), TIMEOUT));
        }
        for (int i = 0; i < answers.size(); i++)
        {
            if (i == 1_000)
            {
                final CompletionException refused = assertThrows(CompletionException.class, answers.get(i)::join);
                assertEquals("ERR value is not an integer or out of range", refused.getCause().getMessage());
            }
            else
            {
                assertEquals(Integer.toString(i < 1_000 ? i + 1 : i),
                    new String(answers.get(i).join(), StandardCharsets.UTF_8), "answer " + i);
            }
        }
    }

    @Test
    void shouldLeaveTheCacheRoutesUnservedNamingTheEndpointTriedAndHowToPointIt() throws Exception
    {
        final Path shop = Examples.copy("shop", dir.resolve("ws"));
        final Path none = dir.resolve("no-redis.sock");
        Files.writeString(shop.resolve("rtt.yaml"), "components:\n  cache: { endpoint: \"" + none + "\" }\n",
            StandardOpenOption.APPEND);
        final Engine engine = CommittedWorkspace.commit(shop);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1)))
        {
            final RouteStatus cache = status(panel.reconcile(), "api->cache");
            assertFalse(cache.served(), cache.toString());
            assertTrue(cache.detail().contains("cannot reach redis at unix:" + none + " (rtt.yaml): "),
                cache.detail());
            assertTrue(cache.detail().contains("start it, or point RTT_ENDPOINT_CACHE or rtt.yaml " +
                "components.cache.endpoint at it"), cache.detail());
        }
    }

    private static RouteStatus status(final List<RouteStatus> statuses, final String route)
    {
        return statuses.stream().filter(s -> s.route().equals(route)).findFirst()
            .orElseThrow(() -> new AssertionError(statuses.toString()));
    }

    private static String request(final RouteClient client, final String request)
    {
        return new String(client.request(request.getBytes(StandardCharsets.UTF_8), TIMEOUT).join(),
            StandardCharsets.UTF_8);
    }

    private static String error(final RouteClient client, final String request)
    {
        final CompletionException ex = assertThrows(CompletionException.class, () -> request(client, request));
        assertInstanceOf(RouteErrorException.class, ex.getCause());
        return ex.getCause().getMessage();
    }
}
