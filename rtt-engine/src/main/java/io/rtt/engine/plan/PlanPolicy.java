package io.rtt.engine.plan;

import static io.rtt.engine.PolicyFile.invalid;
import static io.rtt.engine.PolicyFile.wholeNumber;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.rtt.engine.PolicyFile;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.ShmLaneDescriptor;
import io.rtt.engine.json.LocatedTree;
import io.rtt.engine.model.Backpressure;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Qos;
import io.rtt.engine.model.Slo;
import org.agrona.BitUtil;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The planner's policy, from {@code rtt.yaml}:
 * <pre>
 * routes:
 *   "api-&gt;db": { priority: 5, deadlineMs: 2, maxMessageBytes: 1048576, rate: 1000, lane: uds, spin: true,
 *                backpressure: failFast }   # or block (the default) or drop
 * components:
 *   payments: { trusted: false }      # never shares memory with another process
 *   db: { priority: 3, maxMessageBytes: 262144 }   # QoS of every route to db, unless the route says otherwise
 * budgets:
 *   ringMemoryBytes: 67108864         # all shm rings together
 *   spinCores: 1                      # busy-spinning shm routes
 * lanes:
 *   ringBytes: 1048576                # each shm ring; messages up to ringBytes/8 fit
 * slos:
 *   "api-&gt;db": { p50Ms: 1, p99Ms: 5, errorRatePpm: 1000, minRps: 50 }   # checked by verify
 * </pre>
 * Every value is checked; a bad one is refused with its line.
 *
 * @param routes           per-route settings by route id ({@code from->to}).
 * @param components       QoS of the routes to a component, by component id.
 * @param untrusted        components that must not share memory.
 * @param ringMemoryBytes  budget for all shm rings together.
 * @param spinCores        budget of cores for busy-spinning routes.
 * @param ringBytes        size of each shm ring.
 * @param slos             objectives by route id.
 */
public record PlanPolicy(Map<String, RoutePolicy> routes, Map<String, Qos> components, Set<String> untrusted,
    long ringMemoryBytes, int spinCores, int ringBytes, Map<String, Slo> slos)
{
    /** Default ring size: 1 MiB, so messages up to 128 KiB fit a shm lane. */
    public static final int DEFAULT_RING_BYTES = 1024 * 1024;
    /** Default ring memory budget: 64 MiB. */
    public static final long DEFAULT_RING_MEMORY_BYTES = 64L * 1024 * 1024;
    /** Default spinning-core budget on a small machine: none; lanes park when idle. */
    public static final int DEFAULT_SPIN_CORES = 0;

    /** The policy of a workspace without rtt.yaml. */
    public static final PlanPolicy DEFAULT = new PlanPolicy(Map.of(), Map.of(), Set.of(), DEFAULT_RING_MEMORY_BYTES,
        DEFAULT_SPIN_CORES, DEFAULT_RING_BYTES, Map.of());

    /**
     * One route's settings.
     *
     * @param qos  its QoS.
     * @param lane the lane it must use, or {@code null} to let the solver choose.
     * @param spin whether it busy-spins (counts against the core budget if shm).
     */
    public record RoutePolicy(Qos qos, @Nullable Lane lane, boolean spin)
    {
    }

    /** Longest deadline or SLO latency: a day, in milliseconds. */
    private static final long MAX_MS = 86_400_000L;
    /** Highest rate a token bucket admits, messages per second. */
    private static final long MAX_RATE = 1_000_000_000L;
    /** Highest priority weight. */
    private static final long MAX_PRIORITY = 1_000_000L;
    /** Largest ring memory budget: 1 TiB. */
    private static final long MAX_RING_MEMORY_BYTES = 1L << 40;

    /**
     * Validates the record and freezes its collections.
     */
    public PlanPolicy
    {
        routes = Map.copyOf(routes);
        components = Map.copyOf(components);
        untrusted = Set.copyOf(untrusted);
        slos = Map.copyOf(slos);
    }

    /**
     * The objectives of a route.
     *
     * @param routeId the route id.
     * @return its objectives, {@link Slo#NONE} if rtt.yaml sets none.
     */
    public Slo slo(final String routeId)
    {
        return slos.getOrDefault(routeId, Slo.NONE);
    }

    /**
     * The settings of a route.
     *
     * @param routeId the route id.
     * @return its settings, defaults if rtt.yaml names it not.
     */
    public RoutePolicy route(final String routeId)
    {
        final RoutePolicy route = routes.get(routeId);
        if (route != null)
        {
            return route;
        }
        final String to = routeId.substring(routeId.indexOf("->") + 2);
        return new RoutePolicy(components.getOrDefault(to, Qos.DEFAULT), null, false);
    }

    /**
     * The policy of a workspace.
     *
     * @param workspace the workspace; rtt.yaml may be absent.
     * @return the policy.
     * @throws RttException {@code BAD_INPUT} naming the line of a malformed or invalid value.
     */
    public static PlanPolicy load(final Workspace workspace)
    {
        final LocatedTree doc = PolicyFile.read(workspace);
        if (doc.tree().isMissingNode())
        {
            return DEFAULT;
        }
        final JsonNode root = doc.tree();
        final Map<String, RoutePolicy> routes = new HashMap<>();
        final Map<String, Qos> components = new HashMap<>();
        for (final Map.Entry<String, JsonNode> component : root.path("components").properties())
        {
            final JsonNode c = component.getValue();
            if (c.has("priority") || c.has("rate") || c.has("deadlineMs") || c.has("maxMessageBytes"))
            {
                components.put(component.getKey(), qos(doc, "/components/" + LocatedTree.segment(component.getKey()), c,
                    Qos.DEFAULT, "component " + component.getKey()));
            }
        }
        for (final Map.Entry<String, JsonNode> route : root.path("routes").properties())
        {
            final String at = "/routes/" + LocatedTree.segment(route.getKey());
            final JsonNode r = route.getValue();
            final Lane lane = r.has("lane") ? lane(doc, at + "/lane", r.path("lane").asString()) : null;
            final String to = route.getKey().contains("->") ?
                route.getKey().substring(route.getKey().indexOf("->") + 2) : "";
            routes.put(route.getKey(), new RoutePolicy(qos(doc, at, r, components.getOrDefault(to, Qos.DEFAULT),
                "route " + route.getKey()), lane, r.path("spin").asBoolean(false)));
        }
        final Set<String> untrusted = new HashSet<>();
        for (final Map.Entry<String, JsonNode> component : root.path("components").properties())
        {
            if (component.getValue().has("trusted") && !component.getValue().path("trusted").asBoolean(true))
            {
                untrusted.add(component.getKey());
            }
        }
        final Map<String, Slo> slos = new HashMap<>();
        for (final Map.Entry<String, JsonNode> slo : root.path("slos").properties())
        {
            final String at = "/slos/" + LocatedTree.segment(slo.getKey());
            final JsonNode n = slo.getValue();
            try
            {
                slos.put(slo.getKey(), new Slo(wholeNumber(doc, at + "/p50Ms", n.path("p50Ms"), 0, 0, MAX_MS),
                    wholeNumber(doc, at + "/p95Ms", n.path("p95Ms"), 0, 0, MAX_MS),
                    wholeNumber(doc, at + "/p99Ms", n.path("p99Ms"), 0, 0, MAX_MS),
                    wholeNumber(doc, at + "/errorRatePpm", n.path("errorRatePpm"), 0, 0, 1_000_000),
                    wholeNumber(doc, at + "/minRps", n.path("minRps"), 0, 0, MAX_RATE)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw invalid(doc, at, "slo " + slo.getKey() + ": " + ex.getMessage());
            }
        }
        final int ringBytes = (int)wholeNumber(doc, "/lanes/ringBytes", root.at("/lanes/ringBytes"), DEFAULT_RING_BYTES,
            ShmLaneDescriptor.MIN_CAPACITY, ShmLaneDescriptor.MAX_CAPACITY);
        if (!BitUtil.isPowerOfTwo(ringBytes))
        {
            throw invalid(doc, "/lanes/ringBytes", "lanes.ringBytes must be a power of two (a ring's capacity), got " +
                ringBytes);
        }
        return new PlanPolicy(routes, components, untrusted,
            wholeNumber(doc, "/budgets/ringMemoryBytes", root.at("/budgets/ringMemoryBytes"), DEFAULT_RING_MEMORY_BYTES,
                0, MAX_RING_MEMORY_BYTES),
            (int)wholeNumber(doc, "/budgets/spinCores", root.at("/budgets/spinCores"), DEFAULT_SPIN_CORES, 0, 4096),
            ringBytes, slos);
    }

    private static Qos qos(final LocatedTree doc, final String at, final JsonNode node, final Qos fallback,
        final String what)
    {
        try
        {
            return new Qos(wholeNumber(doc, at + "/rate", node.path("rate"), fallback.ratePerSecond(), 0, MAX_RATE),
                (int)wholeNumber(doc, at + "/priority", node.path("priority"), fallback.priority(), 1, MAX_PRIORITY),
                wholeNumber(doc, at + "/deadlineMs", node.path("deadlineMs"), fallback.deadlineMs(), 0, MAX_MS),
                (int)wholeNumber(doc, at + "/maxMessageBytes", node.path("maxMessageBytes"), fallback.maxMessageBytes(),
                    1, FrameDescriptor.MAX_FRAME_LENGTH - FrameDescriptor.HEADER_LENGTH),
                backpressure(doc, at + "/backpressure", node.path("backpressure"), fallback.backpressure()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid(doc, at, what + ": " + ex.getMessage());
        }
    }

    private static Backpressure backpressure(final LocatedTree doc, final String pointer, final JsonNode node,
        final Backpressure fallback)
    {
        if (node.isMissingNode() || node.isNull())
        {
            return fallback;
        }
        return switch (node.asString(""))
        {
            case "block" -> Backpressure.BLOCK;
            case "failFast" -> Backpressure.FAIL_FAST;
            case "drop" -> Backpressure.DROP;
            default -> throw invalid(doc, pointer, "backpressure must be block, failFast or drop, got " + node);
        };
    }

    private static Lane lane(final LocatedTree doc, final String pointer, final String value)
    {
        return switch (value)
        {
            case "shm" -> Lane.SHM;
            case "uds" -> Lane.UDS;
            default -> throw invalid(doc, pointer, "lane must be shm or uds, got " + value);
        };
    }

}
