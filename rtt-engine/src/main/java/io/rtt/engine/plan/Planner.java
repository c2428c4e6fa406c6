package io.rtt.engine.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.rtt.engine.RttException;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Edge;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Route;
import io.rtt.engine.model.SymbolIndex;
import io.rtt.engine.plan.internal.LaneSolver;

/**
 * Makes plans: every edge of the index to something that serves (not a library) becomes a route; each route's
 * lane is solved as constraints (message size against ring size, untrusted ends, pinned lanes, deadlines, the ring
 * memory and spinning-core budgets) maximising priority-weighted speed; the desired graph is compared with the
 * base. Same inputs, same plan bytes.
 * <p>
 * Stateless and thread-safe.
 */
public final class Planner
{
    private Planner()
    {
    }

    /**
     * Plans the wiring of an index.
     *
     * @param index  the scan index.
     * @param policy the planner policy.
     * @param base   the graph at the WAL head.
     * @return the plan.
     * @throws RttException {@code BAD_INPUT} naming the clashing constraints when the policy is infeasible.
     */
    public static Plan plan(final SymbolIndex index, final PlanPolicy policy, final Graph base)
    {
        final Map<String, Component> components = index.components().stream()
            .collect(Collectors.toMap(Component::id, Planner::wiringOnly, (a, b) -> a, TreeMap::new));
        final List<Edge> served = index.edges().stream()
            .filter(e -> components.containsKey(e.from()) && components.containsKey(e.to()) &&
                components.get(e.to()).kind() != ComponentKind.LIBRARY)
            .sorted(Comparator.comparing(Edge::from).thenComparing(Edge::to))
            .toList();
        final List<LaneSolver.Request> requests = new ArrayList<>();
        for (final Edge edge : served)
        {
            final String id = edge.from() + "->" + edge.to();
            final PlanPolicy.RoutePolicy route = policy.route(id);
            requests.add(new LaneSolver.Request(id, route.qos().priority(), route.qos().maxMessageBytes(),
                route.qos().deadlineMs(), route.lane(), route.spin(),
                policy.untrusted().contains(edge.from()) || policy.untrusted().contains(edge.to())));
        }
        final LaneSolver.Result solved = LaneSolver.solve(requests,
            new LaneSolver.Budgets(policy.ringBytes(), policy.ringMemoryBytes(), policy.spinCores()));
        if (solved.lanes().isEmpty() && !requests.isEmpty())
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "the policy is infeasible: " +
                explain(solved.clashes(), requests, policy));
        }
        final List<Route> routes = new ArrayList<>();
        final List<Plan.Decision> decisions = new ArrayList<>();
        for (int i = 0; i < served.size(); i++)
        {
            final Edge edge = served.get(i);
            final LaneSolver.Request request = requests.get(i);
            final Lane lane = solved.lanes().get(i);
            final Component to = components.get(edge.to());
            routes.add(new Route(request.id(), edge.from(), edge.to(), lane, driver(to),
                policy.route(request.id()).qos(), policy.slo(request.id())));
            decisions.add(new Plan.Decision(request.id(), lane, reason(request, lane, policy, solved.optimal())));
        }
        final Graph desired = new Graph(Graph.FORMAT, List.copyOf(components.values()), routes);
        return Plan.of(base.digest(), desired, actions(base, desired), decisions);
    }

    /** A component as the graph holds it: identity and kind, without the evidence that changes with every edit. */
    private static Component wiringOnly(final Component c)
    {
        return new Component(c.id(), c.name(), c.kind(), c.technology(), c.language(), c.path(), c.image(), List.of(),
            List.of());
    }

    private static String driver(final Component serving)
    {
        return serving.technology() != null ? serving.technology() : "echo";
    }

    private static List<Plan.Action> actions(final Graph base, final Graph desired)
    {
        final Map<String, Route> before = base.routes().stream()
            .collect(Collectors.toMap(Route::id, Function.identity()));
        final Map<String, Route> after = desired.routes().stream()
            .collect(Collectors.toMap(Route::id, Function.identity()));
        final List<Plan.Action> actions = new ArrayList<>();
        before.keySet().stream().filter(id -> !after.containsKey(id)).sorted()
            .forEach(id -> actions.add(new Plan.Action("delete", id, null, null, null)));
        after.values().stream().sorted().forEach(route ->
        {
            final Route old = before.get(route.id());
            if (old == null || !old.equals(route))
            {
                actions.add(new Plan.Action(old == null ? "create" : "update", route.id(), route.lane(),
                    route.driver(), route.qos()));
            }
        });
        return actions;
    }

    private static String reason(
        final LaneSolver.Request r, final Lane lane, final PlanPolicy policy, final boolean optimal)
    {
        final String proof = optimal ? "" : " (best found within the solver's time limit)";
        if (r.pinned() != null)
        {
            return lane + ": pinned in rtt.yaml";
        }
        if (r.untrusted() && lane == Lane.UDS)
        {
            return "uds: an end is untrusted (rtt.yaml components), so no memory is shared";
        }
        if (r.maxMessageBytes() > policy.ringBytes() / 8 && lane == Lane.UDS)
        {
            return "uds: messages up to " + r.maxMessageBytes() + " bytes exceed ring capacity/8 (" +
                policy.ringBytes() / 8 + ")";
        }
        if (r.deadlineMs() > 0 && r.deadlineMs() <= 1 && lane == Lane.SHM)
        {
            return "shm: a deadline of " + r.deadlineMs() + " ms needs the shared-memory lane";
        }
        if (lane == Lane.SHM)
        {
            return "shm: the fastest lane, and its rings fit the memory budget (priority " + r.priority() + ")" + proof;
        }
        return "uds: the ring memory or spinning-core budget went to higher-priority routes" + proof;
    }

    private static String explain(
        final Set<LaneSolver.Group> clashes, final List<LaneSolver.Request> requests, final PlanPolicy policy)
    {
        final List<String> parts = new ArrayList<>();
        for (final LaneSolver.Group group : EnumSet.copyOf(clashes))
        {
            parts.add(switch (group)
            {
                case MESSAGE_SIZE -> "routes whose messages exceed ring capacity/8 (" + policy.ringBytes() / 8 +
                    " bytes) must use uds: " + ids(requests, r -> r.maxMessageBytes() > policy.ringBytes() / 8);
                case TRUST -> "routes with an untrusted end must use uds: " + ids(requests, LaneSolver.Request::untrusted);
                case PINNED -> "lanes pinned in rtt.yaml: " + ids(requests, r -> r.pinned() != null);
                case DEADLINE -> "routes with a deadline of 1 ms or less need shm: " +
                    ids(requests, r -> r.deadlineMs() > 0 && r.deadlineMs() <= 1);
                case RING_MEMORY -> "the ring memory budget (budgets.ringMemoryBytes=" + policy.ringMemoryBytes() +
                    ") holds " + policy.ringMemoryBytes() / Math.max(1, 2L * policy.ringBytes()) + " shm lanes of " +
                    2L * policy.ringBytes() + " bytes";
                case SPIN_CORES -> "the spinning-core budget (budgets.spinCores=" + policy.spinCores() + ")";
            });
        }
        return String.join("; ", parts) + " - these cannot all hold; relax one of them in rtt.yaml";
    }

    private static String ids(final List<LaneSolver.Request> requests,
        final java.util.function.Predicate<LaneSolver.Request> which)
    {
        return requests.stream().filter(which).map(LaneSolver.Request::id).collect(Collectors.joining(", "));
    }
}
