package io.rtt.engine.plan;

import java.util.List;
import java.util.Objects;

import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Qos;
import org.jspecify.annotations.Nullable;

/**
 * A plan: the actions that take the graph at the WAL head ({@code base}) to a desired graph, with the reason for
 * every decision. Content-addressed: its id is the digest of its canonical bytes without the id, so the same
 * inputs give the same bytes and the same id, and any change to a byte changes the id.
 *
 * @param format    {@value #FORMAT}.
 * @param id        {@code sha256:} of the canonical plan without this field.
 * @param base      digest of the graph at the WAL head the plan was made against.
 * @param graph     digest of the desired graph.
 * @param desired   the desired graph.
 * @param actions   the changes, in a stable order.
 * @param decisions why each route's lane is what it is.
 */
public record Plan(String format, @Nullable String id, String base, String graph, Graph desired, List<Action> actions,
    List<Decision> decisions)
{
    /** Format of a plan. */
    public static final String FORMAT = "rtt.plan/1";

    /**
     * A change to a route.
     *
     * @param op     {@code create}, {@code update} or {@code delete}.
     * @param route  the route id.
     * @param lane   its lane after the change ({@code null} for a delete).
     * @param driver its driver after the change ({@code null} for a delete).
     * @param qos    its QoS after the change ({@code null} for a delete).
     */
    public record Action(String op, String route, @Nullable Lane lane, @Nullable String driver, @Nullable Qos qos)
    {
    }

    /**
     * A decision and its reason.
     *
     * @param route  the route.
     * @param lane   the lane chosen.
     * @param reason why, in words.
     */
    public record Decision(String route, Lane lane, String reason)
    {
    }

    /**
     * Validates the plan.
     */
    public Plan
    {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(desired, "desired");
        actions = List.copyOf(actions);
        decisions = List.copyOf(decisions);
    }

    /**
     * A plan with its id computed.
     *
     * @param base      the base graph digest.
     * @param desired   the desired graph.
     * @param actions   the actions.
     * @param decisions the decisions.
     * @return the plan.
     */
    public static Plan of(final String base, final Graph desired, final List<Action> actions,
        final List<Decision> decisions)
    {
        final Plan body = new Plan(FORMAT, null, base, desired.digest(), desired, actions, decisions);
        return body.withId(body.computeId());
    }

    /**
     * The id its content gives: {@code sha256:} of its canonical bytes without the id field.
     *
     * @return the id this plan's content must carry.
     */
    public String computeId()
    {
        return Digests.sha256(Json.canonicalBytes(withId(null)));
    }

    /**
     * The plan's canonical bytes, as written to {@code .rtt/plans/<id>.plan.json}.
     *
     * @return canonical JSON.
     */
    public byte[] canonicalBytes()
    {
        return Json.canonicalBytes(this);
    }

    private Plan withId(final String newId)
    {
        return new Plan(format, newId, base, graph, desired, actions, decisions);
    }
}
