package io.rtt.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.drivers.AppendLogDriverProvider;
import io.rtt.engine.drivers.Drivers;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.verify.VerifyReport.Check;
import io.rtt.engine.verify.VerifyReport.Outcome;
import io.rtt.testsupport.Examples;
import io.rtt.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest
{
    private static final Duration WINDOW = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldPassTheServedExampleProbingEveryRouteWithADriverAndNotJudgingTheOthers() throws Exception
    {
        final Path shop = Examples.copy("shop", dir);
        try (RedisServer redis = RedisServer.start(dir, null))
        {
            Files.writeString(shop.resolve("rtt.yaml"), "components:\n  cache: { endpoint: \"" + redis.tcp() +
                "\" }\n", StandardOpenOption.APPEND);
            final Engine engine = CommittedWorkspace.commit(shop);
            try (Panel panel = Panel.start(new Panel.Context().engine(engine)))
            {
                assertPassesProbingEveryRouteWithADriver(engine);
            }
        }
    }

    private static void assertPassesProbingEveryRouteWithADriver(final Engine engine)
    {
        final VerifyReport report = engine.verify(WINDOW);

        assertTrue(report.passed(), report.toString());
        assertEquals(List.of(), report.failures());
        assertEquals(engine.log().size(), report.headSeq());
        assertEquals(engine.applier().head().digest(), report.headGraph());
        assertEquals(30, report.windowSeconds());
        assertEquals(List.of("log", "graph", "panel"), report.checks().stream().filter(c -> c.route() == null)
            .map(Check::name).toList());
        for (final var route : engine.applier().head().routes())
        {
            final Check live = check(report, "live", route.id());
            if (Drivers.BUILT_IN.contains(route.driver()))
            {
                assertEquals(Outcome.PASS, live.outcome(), live.toString());
                assertTrue(live.detail().startsWith("probe answered in "), live.detail());
            }
            else
            {
                assertEquals(new Check("live", route.id(), Outcome.NOT_JUDGED,
                    Drivers.unservedReason(route.driver())), live);
            }
        }
    }

    @Test
    void shouldJudgeEachRoutesObjectivesOnTheWindowNamingTheNumberAndTheBound() throws Exception
    {
        final Path shop = Examples.copy("shop", dir);
        Files.writeString(shop.resolve("rtt.yaml"), """
            routes:
              "api->catalog": { lane: uds }
            slos:
              "api->catalog": { p99Ms: 10000, minRps: 1000000000 }
            """);
        final Engine engine = CommittedWorkspace.commit(shop);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine));
            RouteClient client = RouteClient.connect(shop, "api->catalog"))
        {
            for (int i = 0; i < 200; i++)
            {
                client.request(new byte[] {(byte)i}, Duration.ofSeconds(10)).join();
            }

            final VerifyReport report = engine.verify(WINDOW);

            assertFalse(report.passed());
            final Check p99 = check(report, "p99", "api->catalog");
            assertEquals(Outcome.PASS, p99.outcome(), p99.toString());
            final Check throughput = check(report, "minThroughput", "api->catalog");
            assertEquals(Outcome.FAIL, throughput.outcome(), throughput.toString());
            assertTrue(throughput.detail().contains("under its minimum of 1 000 000 000"), throughput.detail());
            assertEquals(List.of(throughput), report.failures().stream()
                .filter(c -> !c.route().endsWith("->cache")).toList(), "no redis runs for the routes to the cache");
        }
    }

    @Test
    void shouldFailWithoutAPanelSayingHowToStartOne() throws IOException
    {
        final Engine engine = CommittedWorkspace.commit(Examples.copy("shop", dir));

        final VerifyReport report = engine.verify(WINDOW);

        assertFalse(report.passed());
        final Check panel = report.failures().get(0);
        assertEquals("panel", panel.name());
        assertTrue(panel.detail().contains("rtt serve"), panel.detail());
        assertEquals(1, report.failures().size(), "no route is probed without a panel: " + report);
    }

    @Test
    void shouldFailADamagedLogAndCheckNothingThatDependsOnIt() throws IOException
    {
        final Engine engine = CommittedWorkspace.commit(Examples.copy("shop", dir));
        final Path segment;
        try (Stream<Path> files = Files.list(engine.workspace().layout().walDir()))
        {
            segment = files.filter(Files::isRegularFile).sorted().reduce((a, b) -> b).orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(segment, bytes);

        final VerifyReport report = engine.verify(WINDOW);

        assertFalse(report.passed());
        assertEquals(1, report.checks().size(), report.toString());
        assertEquals("log", report.checks().get(0).name());
        assertEquals(Outcome.FAIL, report.checks().get(0).outcome());
    }

    @Test
    void shouldFailARouteWhoseDriverDoesNotAnswerItsProbeSayingWhy() throws IOException
    {
        final Path root = dir.resolve("ws");
        final Engine engine = CommittedWorkspace.appAndBroker(root, null);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine));
            RouteClient client = RouteClient.connect(root, "app->events"))
        {
            final VerifyReport before = engine.verify(WINDOW);
            assertTrue(before.passed(), before.toString());
            client.request(AppendLogDriverProvider.UNREADY.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10))
                .join();

            final VerifyReport inside = engine.verify(WINDOW);
            client.close();
            final VerifyReport overTheLane = engine.verify(WINDOW);

            assertFalse(inside.passed());
            assertTrue(inside.recording() != null && Files.isRegularFile(Path.of(inside.recording())),
                "a failed verify keeps the panel's flight recording: " + inside.recording());
            final Check held = check(inside, "live", "app->events");
            assertEquals(Outcome.FAIL, held.outcome());
            assertTrue(held.detail().startsWith("probe failed inside the panel (its shm lane has its client): the " +
                "kafka driver of events is not live: "), held.detail());
            assertTrue(held.detail().contains("the append log was marked unready"), held.detail());
            assertFalse(overTheLane.passed());
            final Check free = check(overTheLane, "live", "app->events");
            assertTrue(free.detail().startsWith("probe failed: the kafka driver of events is not live: "),
                free.detail());
        }
    }

    @Test
    void shouldPassAnEmptyWorkspaceOnItsLogAlone() throws IOException
    {
        final Engine engine = Engine.open(Files.createDirectories(dir.resolve("empty")));

        final VerifyReport report = engine.verify(WINDOW);

        assertTrue(report.passed(), report.toString());
        assertEquals(0, report.headSeq());
        assertEquals(List.of("log", "graph"), report.checks().stream().map(Check::name).toList());
    }

    @Test
    void shouldRefuseAWindowOutOfBounds() throws IOException
    {
        final Engine engine = Engine.open(Files.createDirectories(dir.resolve("empty")));

        for (final Duration window : List.of(Duration.ZERO, Duration.ofSeconds(61), Duration.ofMillis(1500)))
        {
            final RttException ex = org.junit.jupiter.api.Assertions.assertThrows(RttException.class,
                () -> engine.verify(window));
            assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
        }
    }

    private static Check check(final VerifyReport report, final String name, final String route)
    {
        return report.checks().stream().filter(c -> c.name().equals(name) && route.equals(c.route())).findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + " check of " + route + " in " + report));
    }
}
