package io.rtt.engine.health;

import static io.rtt.engine.PolicyFile.invalid;
import static io.rtt.engine.PolicyFile.wholeNumber;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.rtt.engine.PolicyFile;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.json.LocatedTree;
import tools.jackson.databind.JsonNode;

/**
 * The circuit breakers' thresholds, from the {@code breakers} section of {@code rtt.yaml}: a {@code default} over
 * {@link BreakerPolicy#DEFAULT}, and per route over that default.
 * <pre>
 * breakers:
 *   default: { window: 100, minCalls: 20, failureRatePercent: 50, slowCallMs: 0, slowRatePercent: 100,
 *              openMs: 5000, halfOpenCalls: 3 }
 *   "api-&gt;catalog": { failureRatePercent: 20 }     # per route, over the default
 * </pre>
 * A setting a mapping leaves out is the base's ({@code minCalls} no more than its own {@code window}). Every value is
 * checked against its bounds, and an unknown setting or a key that is neither {@code default} nor a
 * route id ({@code from->to}) is refused, each with its line.
 *
 * @param fallback the thresholds of a route the section does not name.
 * @param routes   the thresholds of the routes it names, by route id.
 */
public record BreakerPolicies(BreakerPolicy fallback, Map<String, BreakerPolicy> routes)
{
    /** The thresholds of a workspace whose rtt.yaml has no {@code breakers} section. */
    public static final BreakerPolicies DEFAULT = new BreakerPolicies(BreakerPolicy.DEFAULT, Map.of());

    private static final String SECTION = "breakers";
    private static final String DEFAULT_KEY = "default";
    private static final Set<String> SETTINGS = new TreeSet<>(Set.of("window", "minCalls", "failureRatePercent",
        "slowCallMs", "slowRatePercent", "openMs", "halfOpenCalls"));

    /**
     * Freezes the per-route thresholds.
     */
    public BreakerPolicies
    {
        routes = Map.copyOf(routes);
    }

    /**
     * The thresholds of a route.
     *
     * @param routeId the route id.
     * @return its own when rtt.yaml names it, else the default.
     */
    public BreakerPolicy forRoute(final String routeId)
    {
        return routes.getOrDefault(routeId, fallback);
    }

    /**
     * The thresholds of a workspace.
     *
     * @param workspace the workspace; rtt.yaml may be absent.
     * @return the thresholds; {@link #DEFAULT} without a {@code breakers} section.
     * @throws RttException {@code BAD_INPUT} naming the line of a malformed, unknown or out-of-bounds value, and
     *                      as {@link PolicyFile#read}.
     */
    public static BreakerPolicies load(final Workspace workspace)
    {
        final LocatedTree doc = PolicyFile.read(workspace);
        final JsonNode section = doc.tree().path(SECTION);
        if (section.isMissingNode() || section.isNull())
        {
            return DEFAULT;
        }
        final String at = "/" + SECTION;
        if (!section.isObject())
        {
            throw invalid(doc, at, SECTION + " must be a mapping of default and route ids to thresholds, got " +
                section.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        final BreakerPolicy fallback = section.has(DEFAULT_KEY) ?
            policy(doc, at + "/" + DEFAULT_KEY, section.get(DEFAULT_KEY), BreakerPolicy.DEFAULT, DEFAULT_KEY) :
            BreakerPolicy.DEFAULT;
        final Map<String, BreakerPolicy> routes = new HashMap<>();
        for (final Map.Entry<String, JsonNode> entry : section.properties())
        {
            final String key = entry.getKey();
            if (DEFAULT_KEY.equals(key))
            {
                continue;
            }
            final String pointer = at + "/" + LocatedTree.segment(key);
            final int arrow = key.indexOf("->");
            if (arrow <= 0 || arrow + 2 == key.length())
            {
                throw invalid(doc, pointer, SECTION + ": \"" + key + "\" is neither default nor a route id (from->to)");
            }
            routes.put(key, policy(doc, pointer, entry.getValue(), fallback, key));
        }
        return new BreakerPolicies(fallback, routes);
    }

    /** One mapping of thresholds, each over {@code base} where it does not set it. */
    private static BreakerPolicy policy(final LocatedTree doc, final String at, final JsonNode node,
        final BreakerPolicy base, final String name)
    {
        if (!node.isObject())
        {
            throw invalid(doc, at, SECTION + "." + name + " must be a mapping of thresholds (" +
                String.join(", ", SETTINGS) + ")");
        }
        for (final String setting : node.propertyNames())
        {
            if (!SETTINGS.contains(setting))
            {
                throw invalid(doc, at + "/" + LocatedTree.segment(setting), SECTION + "." + name +
                    ": unknown setting " + setting + "; known: " + String.join(", ", SETTINGS));
            }
        }
        final int window = (int)setting(doc, at, node, "window", base.window(), 1, BreakerPolicy.MAX_WINDOW);
        final int minCalls = (int)setting(doc, at, node, "minCalls", Math.min(base.minCalls(), window), 1,
            BreakerPolicy.MAX_WINDOW);
        if (minCalls > window)
        {
            throw invalid(doc, at + (node.has("minCalls") ? "/minCalls" : "/window"), SECTION + "." + name +
                ": minCalls (" + minCalls + ") must not be more than window (" + window + "), the calls remembered");
        }
        return new BreakerPolicy(window, minCalls,
            (int)setting(doc, at, node, "failureRatePercent", base.failureRatePercent(), 1, 100),
            setting(doc, at, node, "slowCallMs", base.slowCallMs(), 0, BreakerPolicy.MAX_MS),
            (int)setting(doc, at, node, "slowRatePercent", base.slowRatePercent(), 1, 100),
            setting(doc, at, node, "openMs", base.openMs(), 1, BreakerPolicy.MAX_MS),
            (int)setting(doc, at, node, "halfOpenCalls", base.halfOpenCalls(), 1, BreakerPolicy.MAX_HALF_OPEN_CALLS));
    }

    /** A threshold of one mapping: a whole number within its bounds, {@code fallback} when not set. */
    private static long setting(final LocatedTree doc, final String at, final JsonNode node, final String name,
        final long fallback, final long min, final long max)
    {
        return wholeNumber(doc, at + "/" + name, node.path(name), fallback, min, max);
    }
}
