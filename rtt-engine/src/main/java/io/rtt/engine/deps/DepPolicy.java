package io.rtt.engine.deps;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.rtt.engine.PolicyFile;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * The doctor's policy, from the {@code deps:} section of {@code rtt.yaml}:
 * <pre>
 * deps:
 *   strategy: highest        # or lowest: which version a group converges on
 *   sameRange: true          # every declaration names the chosen version, each in its own style (the default);
 *                            # false: only ranges that exclude the chosen version drift
 *   pin: { react: 18.3.1, "pypi:redis": "&gt;=5,&lt;6" }
 *   ban: [left-pad]
 *   ignore: [typescript]
 * </pre>
 * Names match in every ecosystem, or in one with an {@code ecosystem:} prefix.
 *
 * @param lowest    whether to converge on the lowest version instead of the highest.
 * @param sameRange whether every declaration must name the chosen version (its operator kept), rather than only
 *                  admit it.
 * @param pins      pinned specifiers by name.
 * @param bans      forbidden names.
 * @param ignores   names the doctor leaves alone.
 */
public record DepPolicy(boolean lowest, boolean sameRange, Map<String, String> pins, Set<String> bans,
    Set<String> ignores)
{
    /** The policy when {@code rtt.yaml} says nothing: highest version, identical declarations. */
    public static final DepPolicy DEFAULT = new DepPolicy(false, true, Map.of(), Set.of(), Set.of());

    /**
     * Validates the record and freezes its collections.
     */
    public DepPolicy
    {
        pins = Map.copyOf(pins);
        bans = Set.copyOf(bans);
        ignores = Set.copyOf(ignores);
    }

    /**
     * The policy of a workspace.
     *
     * @param workspace the workspace; its {@code rtt.yaml} may be absent.
     * @return the policy.
     * @throws RttException {@code BAD_INPUT} naming the line of a malformed or invalid {@code rtt.yaml}.
     */
    public static DepPolicy load(final Workspace workspace)
    {
        final JsonNode deps = PolicyFile.read(workspace).tree().path("deps");
        if (deps.isMissingNode() || deps.isNull())
        {
            return DEFAULT;
        }
        final String strategy = deps.path("strategy").asString("highest");
        if (!"highest".equals(strategy) && !"lowest".equals(strategy))
        {
            throw new RttException(RttException.Kind.BAD_INPUT,
                "rtt.yaml: deps.strategy must be highest or lowest, got " + strategy);
        }
        final Map<String, String> pins = new HashMap<>();
        for (final Map.Entry<String, JsonNode> pin : deps.path("pin").properties())
        {
            if (!pin.getValue().isValueNode())
            {
                throw new RttException(RttException.Kind.BAD_INPUT,
                    "rtt.yaml: deps.pin." + pin.getKey() + " must be a version specifier");
            }
            pins.put(pin.getKey(), pin.getValue().asString());
        }
        return new DepPolicy("lowest".equals(strategy), deps.path("sameRange").asBoolean(true), pins,
            names(deps, "ban"), names(deps, "ignore"));
    }

    private static Set<String> names(final JsonNode deps, final String field)
    {
        final Set<String> names = new HashSet<>();
        final JsonNode list = deps.path(field);
        if (!list.isMissingNode() && !list.isArray())
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "rtt.yaml: deps." + field + " must be a list of names");
        }
        list.forEach(n -> names.add(n.asString()));
        return names;
    }

    String pin(final String ecosystem, final String name)
    {
        final String scoped = pins.get(ecosystem + ":" + name);
        return scoped != null ? scoped : pins.get(name);
    }

    boolean banned(final String ecosystem, final String name)
    {
        return bans.contains(name) || bans.contains(ecosystem + ":" + name);
    }

    boolean ignored(final String ecosystem, final String name)
    {
        return ignores.contains(name) || ignores.contains(ecosystem + ":" + name);
    }
}
