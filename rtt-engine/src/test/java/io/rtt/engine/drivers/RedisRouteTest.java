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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    void shouldDeliverPublishedMessagesAsEventsToSubscribedClientsAndRenewThemAfterARestart() throws Exception
    {
        try (RedisServer redis = RedisServer.start(dir, null))
        {
            final Path shop = Examples.copy("shop", dir.resolve("ws"));
            Files.writeString(shop.resolve("rtt.yaml"), "components:\n  cache: { endpoint: \"" + redis.socket() +
                "\" }\n", StandardOpenOption.APPEND);
            final Engine engine = CommittedWorkspace.commit(shop);
            try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1));
                RouteClient subscriber = RouteClient.connect(shop, "api->cache");
                RouteClient publisher = RouteClient.connect(shop, "worker->cache"))
            {
                assertEquals("[\"subscribe\",[\"news\",\"sports\"],2]",
                    request(subscriber, "[\"SUBSCRIBE\",\"news\",\"sports\"]"));
                assertEquals("[\"psubscribe\",[\"n*\"],3]", request(subscriber, "[\"psubscribe\",\"n*\"]"));
                final String hello = awaitDelivered(publisher, "news", 2);
                awaitEvents(subscriber, "[\"message\",\"news\",\"" + hello + "\"]",
                    "[\"pmessage\",\"n*\",\"news\",\"" + hello + "\"]");
                assertEquals("1", request(publisher, "[\"PUBLISH\",\"sports\",\"goal\"]"));
                awaitEvents(subscriber, "[\"message\",\"sports\",\"goal\"]");

                assertEquals("[\"unsubscribe\",[\"news\"],2]", request(subscriber, "[\"UNSUBSCRIBE\",\"news\"]"));
                assertTrue(error(subscriber, "[\"SUBSCRIBE\"]").startsWith("SUBSCRIBE names at least one channel"));
                final StringBuilder many = new StringBuilder("[\"SUBSCRIBE\"");
                for (int i = 0; i < 63; i++)
                {
                    many.append(",\"c").append(i).append('"');
                }
                assertEquals("a client holds at most 64 channels and patterns on a route; it holds 2 and asked for 63 " +
                    "more", error(subscriber, many.append(']').toString()));

                redis.kill();
                redis.restart();
                // the subscriptions are renewed on the new server, and the client told: a message reaches it again
                final String again = awaitDelivered(publisher, "sports", 1);
                awaitEvents(subscriber, "[\"rtt-resubscribed\",2]", "[\"message\",\"sports\",\"" + again + "\"]");
                assertEquals("\"OK\"", request(subscriber, "[\"SET\",\"k\",\"v\"]"),
                    "a subscribed client still sends requests");
            }
        }
    }

    /**
     * Publishes until that many subscriptions receive a message (a subscription is made on the server a moment after
     * its answer, and again after a restart), each message its own text.
     *
     * @return the text of the message that reached them.
     */
    private static String awaitDelivered(final RouteClient publisher, final String channel, final int receivers)
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        for (int n = 0; System.nanoTime() - deadlineNs < 0; n++)
        {
            try
            {
                if (Integer.parseInt(request(publisher, "[\"PUBLISH\",\"" + channel + "\",\"hello-" + n + "\"]")) >=
                    receivers)
                {
                    return "hello-" + n;
                }
            }
            catch (final CompletionException notBackYet)
            {
                assertInstanceOf(RouteErrorException.class, notBackYet.getCause());
            }
        }
        throw new AssertionError(channel + " never reached " + receivers + " subscriptions");
    }

    /** Takes the client's events until each expected one came; others (earlier messages) are passed over. */
    private static void awaitEvents(final RouteClient client, final String... expected)
    {
        final Set<String> missing = new HashSet<>(List.of(expected));
        final List<String> seen = new ArrayList<>();
        final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (!missing.isEmpty() && System.nanoTime() - deadlineNs < 0)
        {
            client.poll(e ->
            {
                final String event = new String(e, StandardCharsets.UTF_8);
                seen.add(event);
                missing.remove(event);
            }, 64);
            Thread.onSpinWait();
        }
        assertTrue(missing.isEmpty(), "missing " + missing + " among " + seen);
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
