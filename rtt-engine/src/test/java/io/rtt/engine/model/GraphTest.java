package io.rtt.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.rtt.engine.json.Json;
import org.junit.jupiter.api.Test;

class GraphTest
{
    private static Component component(final String id)
    {
        return new Component(id, id, ComponentKind.SERVICE, null, "go", id, null, List.of(),
            List.of(new Evidence("compose.yaml", 1, "compose service " + id)));
    }

    @Test
    void shouldHaveSameDigestWhateverTheInputOrder()
    {
        final List<Component> components = new ArrayList<>(List.of(component("a"), component("b"), component("c")));
        final List<Route> routes = new ArrayList<>(List.of(
            new Route("a->b", "a", "b", Lane.SHM, "echo", Qos.DEFAULT, Slo.NONE),
            new Route("b->c", "b", "c", Lane.UDS, "sqlite", new Qos(1000, 2, 50, 1024), new Slo(1, 2, 5, 1000))));
        final String digest = new Graph(Graph.FORMAT, components, routes).digest();

        final Random random = new Random(42);
        for (int i = 0; i < 20; i++)
        {
            Collections.shuffle(components, random);
            Collections.shuffle(routes, random);
            assertEquals(digest, new Graph(Graph.FORMAT, components, routes).digest());
        }
        assertNotEquals(digest, Graph.EMPTY.digest());
    }

    private static Graph twoRouteGraph(final Slo slo)
    {
        return new Graph(Graph.FORMAT, List.of(component("a"), component("b"), component("c")), List.of(
            new Route("a->b", "a", "b", Lane.SHM, "echo", Qos.DEFAULT, Slo.NONE),
            new Route("b->c", "b", "c", Lane.UDS, "sqlite", new Qos(1000, 2, 50, 1024), slo)));
    }

    @Test
    void shouldRefuseRouteToComponentNotInGraph()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new Graph(Graph.FORMAT,
            List.of(component("a")), List.of(new Route("a->z", "a", "z", Lane.UDS, "echo", Qos.DEFAULT, Slo.NONE))));
        assertEquals("route a->z names a component not in the graph: a -> z", ex.getMessage());
    }

    @Test
    void shouldLeaveTheDefaultBackpressureOutOfTheCanonicalBytes()
    {
        // graphs committed before backpressure existed must keep their digests
        assertEquals("{\"deadlineMs\":0,\"maxMessageBytes\":65536,\"priority\":1,\"ratePerSecond\":0}",
            new String(Json.canonicalBytes(Qos.DEFAULT), StandardCharsets.UTF_8));
        assertEquals(Backpressure.BLOCK, Qos.DEFAULT.backpressurePolicy());
        final Qos failFast = new Qos(10, 1, 0, 1024, Backpressure.FAIL_FAST);
        assertEquals("{\"backpressure\":\"FAIL_FAST\",\"deadlineMs\":0,\"maxMessageBytes\":1024,\"priority\":1," +
            "\"ratePerSecond\":10}", new String(Json.canonicalBytes(failFast), StandardCharsets.UTF_8));
    }

    @Test
    void shouldKeepTheDigestOfAGraphWithoutAThroughputObjective()
    {
        // the digest of this graph before Slo had minRequestsPerSecond (commit 390e4e6)
        final String before = "sha256:77d1719f6847c2baecea8914f45fb45e437338b08b7585e6f8e58c192e8cdd4d";
        assertEquals(before, twoRouteGraph(new Slo(1, 2, 5, 1000)).digest());
        assertEquals(before, twoRouteGraph(new Slo(1, 2, 5, 1000, 0L)).digest());
        assertEquals("{\"errorRatePpm\":1000,\"p50Ms\":1,\"p95Ms\":2,\"p99Ms\":5}",
            new String(Json.canonicalBytes(new Slo(1, 2, 5, 1000)), StandardCharsets.UTF_8));
    }

    @Test
    void shouldChangeTheDigestOfAGraphWithAThroughputObjective()
    {
        final Slo slo = new Slo(1, 2, 5, 1000, 50L);
        assertEquals("{\"errorRatePpm\":1000,\"minRequestsPerSecond\":50,\"p50Ms\":1,\"p95Ms\":2,\"p99Ms\":5}",
            new String(Json.canonicalBytes(slo), StandardCharsets.UTF_8));
        assertNotEquals(twoRouteGraph(new Slo(1, 2, 5, 1000)).digest(), twoRouteGraph(slo).digest());
        assertEquals(slo, Json.MAPPER.readValue(Json.canonicalBytes(slo), Slo.class));
        assertEquals(Slo.NONE, Json.MAPPER.readValue("{\"errorRatePpm\":0,\"p50Ms\":0,\"p95Ms\":0,\"p99Ms\":0}",
            Slo.class));
    }

    @Test
    void shouldRefuseInvalidQos()
    {
        assertEquals("priority < 1: 0",
            assertThrows(IllegalArgumentException.class, () -> new Qos(0, 0, 0, 1)).getMessage());
    }
}
