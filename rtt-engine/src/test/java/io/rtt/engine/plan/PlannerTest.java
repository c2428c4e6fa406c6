package io.rtt.engine.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import io.rtt.engine.RttException;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Edge;
import io.rtt.engine.model.Evidence;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Qos;
import io.rtt.engine.model.SymbolIndex;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PlannerTest
{
    private static Component component(final String id, final ComponentKind kind, final String technology)
    {
        return new Component(id, id, kind, technology, null, null, null, List.of(),
            List.of(new Evidence("compose.yaml", 1, "compose service " + id)));
    }

    private static SymbolIndex index(final List<Component> components, final List<Edge> edges)
    {
        return new SymbolIndex(SymbolIndex.FORMAT, "/ws", components, List.of(), edges, List.of(), List.of());
    }

    private static Edge edge(final String from, final String to)
    {
        return new Edge(from, to, List.of(new Evidence("compose.yaml", 3, from + " -> " + to)));
    }

    private static List<Component> services(final int n)
    {
        final List<Component> components = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            components.add(component("svc" + i, ComponentKind.SERVICE, null));
        }
        components.add(component("db", ComponentKind.DATASTORE, "postgres"));
        return components;
    }

    private static List<Edge> toDb(final int n)
    {
        final List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            edges.add(edge("svc" + i, "db"));
        }
        return edges;
    }

    @Property(tries = 50)
    void shouldGiveTheSameBytesWhateverTheInputOrder(@ForAll final long seed)
    {
        final List<Component> components = services(12);
        final List<Edge> edges = toDb(12);
        final PlanPolicy policy = new PlanPolicy(Map.of("svc3->db", new PlanPolicy.RoutePolicy(new Qos(0, 9, 0, 1024),
            null, false)), Map.of(), Set.of("svc7"), 2L * 4 * PlanPolicy.DEFAULT_RING_BYTES, 0, PlanPolicy.DEFAULT_RING_BYTES, Map.of());
        final byte[] expected = Planner.plan(index(components, edges), policy, Graph.EMPTY).canonicalBytes();
        final Random random = new Random(seed);
        Collections.shuffle(components, random);
        Collections.shuffle(edges, random);

        assertArrayEquals(expected, Planner.plan(index(components, edges), policy, Graph.EMPTY).canonicalBytes());
    }

    @Test
    void shouldGiveTheRingBudgetToTheHighestPriorities()
    {
        final PlanPolicy policy = new PlanPolicy(Map.of(
            "svc1->db", new PlanPolicy.RoutePolicy(new Qos(0, 5, 0, 1024), null, false),
            "svc2->db", new PlanPolicy.RoutePolicy(new Qos(0, 3, 0, 1024), null, false)), Map.of(),
            Set.of(), 2L * 2 * PlanPolicy.DEFAULT_RING_BYTES, 0, PlanPolicy.DEFAULT_RING_BYTES, Map.of());

        final Plan plan = Planner.plan(index(services(4), toDb(4)), policy, Graph.EMPTY);

        assertEquals(Map.of("svc0->db", Lane.UDS, "svc1->db", Lane.SHM, "svc2->db", Lane.SHM, "svc3->db", Lane.UDS),
            plan.decisions().stream().collect(Collectors.toMap(Plan.Decision::route, Plan.Decision::lane)));
        assertEquals("uds: the ring memory or spinning-core budget went to higher-priority routes",
            plan.decisions().get(0).reason());
    }

    @Test
    void shouldKeepLargeMessagesAndUntrustedEndsOffSharedMemory()
    {
        final PlanPolicy policy = new PlanPolicy(Map.of(
            "svc0->db", new PlanPolicy.RoutePolicy(new Qos(0, 1, 0, 1024 * 1024), null, false)), Map.of(),
            Set.of("svc1"), PlanPolicy.DEFAULT_RING_MEMORY_BYTES, 0, PlanPolicy.DEFAULT_RING_BYTES, Map.of());

        final Plan plan = Planner.plan(index(services(3), toDb(3)), policy, Graph.EMPTY);

        assertEquals("uds: messages up to 1048576 bytes exceed ring capacity/8 (131072)", plan.decisions().get(0).reason());
        assertEquals("uds: an end is untrusted (rtt.yaml components), so no memory is shared",
            plan.decisions().get(1).reason());
        assertEquals(Lane.SHM, plan.decisions().get(2).lane());
        assertEquals(3, plan.actions().size());
        assertTrue(plan.actions().stream().allMatch(a -> a.op().equals("create")));
    }

    @Test
    void shouldNameTheClashingConstraintsOfAnInfeasiblePolicy()
    {
        final PlanPolicy policy = new PlanPolicy(Map.of(
            "svc0->db", new PlanPolicy.RoutePolicy(new Qos(0, 1, 1, 1024), null, false),
            "svc1->db", new PlanPolicy.RoutePolicy(new Qos(0, 1, 1, 1024), null, false)), Map.of(),
            Set.of("svc1"), PlanPolicy.DEFAULT_RING_MEMORY_BYTES, 0, PlanPolicy.DEFAULT_RING_BYTES, Map.of());

        final RttException ex = assertThrows(RttException.class,
            () -> Planner.plan(index(services(2), toDb(2)), policy, Graph.EMPTY));

        assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
        assertEquals("the policy is infeasible: routes with an untrusted end must use uds: svc1->db; routes with a " +
            "deadline of 1 ms or less need shm: svc0->db, svc1->db - these cannot all hold; relax one of them in " +
            "rtt.yaml", ex.getMessage());
    }

    @Test
    void shouldRefuseABadPolicyValueNamingItsLine(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws java.io.IOException
    {
        java.nio.file.Files.writeString(dir.resolve("rtt.yaml"),
            "routes:\n  \"api->db\":\n    priority: 2\n    lane: carrier-pigeon\nbudgets:\n  spinCores: -1\n");

        final RttException ex = assertThrows(RttException.class,
            () -> PlanPolicy.load(io.rtt.engine.Workspace.open(dir)));

        assertEquals("rtt.yaml:4: lane must be shm or uds, got carrier-pigeon", ex.getMessage());
    }

    @Test
    void shouldGiveRoutesTheirServingComponentsQosUnlessTheRouteSaysOtherwise(
        @org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws java.io.IOException
    {
        java.nio.file.Files.writeString(dir.resolve("rtt.yaml"), "components:\n  db: { priority: 3, maxMessageBytes: 4096 }\n" +
            "routes:\n  \"svc1->db\": { priority: 7 }\n");

        final PlanPolicy policy = PlanPolicy.load(io.rtt.engine.Workspace.open(dir));

        assertEquals(new Qos(0, 3, 0, 4096), policy.route("svc0->db").qos());
        assertEquals(new Qos(0, 7, 0, 4096), policy.route("svc1->db").qos());
        assertEquals(Qos.DEFAULT, policy.route("svc0->cache").qos());
    }

    @Test
    void shouldCarrySlosIntoTheGraphAndRefuseImpossibleOnes(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws java.io.IOException
    {
        java.nio.file.Files.writeString(dir.resolve("rtt.yaml"), "slos:\n  \"svc0->db\": { p50Ms: 1, p99Ms: 5, errorRatePpm: 100 }\n");
        final PlanPolicy policy = PlanPolicy.load(io.rtt.engine.Workspace.open(dir));

        final Plan plan = Planner.plan(index(services(2), toDb(2)), policy, Graph.EMPTY);

        assertEquals(new io.rtt.engine.model.Slo(1, 0, 5, 100), plan.desired().routes().get(0).slo());
        assertEquals(io.rtt.engine.model.Slo.NONE, plan.desired().routes().get(1).slo());

        java.nio.file.Files.writeString(dir.resolve("rtt.yaml"), "slos:\n  \"svc0->db\":\n    p50Ms: 9\n    p99Ms: 5\n");
        assertEquals("rtt.yaml:3: slo svc0->db: percentile objectives must not decrease: p50Ms=9, p95Ms=0, p99Ms=5",
            assertThrows(RttException.class, () -> PlanPolicy.load(io.rtt.engine.Workspace.open(dir))).getMessage());
    }

    @Test
    void shouldPlanNothingWhenTheHeadIsTheDesiredGraph()
    {
        final SymbolIndex index = index(services(2), toDb(2));
        final Plan first = Planner.plan(index, PlanPolicy.DEFAULT, Graph.EMPTY);

        final Plan second = Planner.plan(index, PlanPolicy.DEFAULT, first.desired());

        assertEquals(List.of(), second.actions());
        assertEquals(first.graph(), second.graph());
    }

    @Test
    void shouldPlanAWorkspaceWithoutEdgesAsAGraphWithoutRoutes()
    {
        final Plan plan = Planner.plan(index(services(2), List.of()), PlanPolicy.DEFAULT, Graph.EMPTY);

        assertEquals(List.of(), plan.desired().routes(), "no route to solve a lane for: nothing fails");
        assertEquals(3, plan.desired().components().size());
    }
}
