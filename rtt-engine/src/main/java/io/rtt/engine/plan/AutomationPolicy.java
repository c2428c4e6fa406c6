package io.rtt.engine.plan;

import static io.rtt.engine.PolicyFile.invalid;

import io.rtt.engine.PolicyFile;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.json.LocatedTree;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What RTT may sign by itself, from {@code rtt.yaml}:
 * <pre>
 * automation:
 *   key: automation     # a local key (rtt keys init --name automation), trusted like any signer
 *   rollback: true      # may roll back by itself after a rejected canary or a failed verify
 * </pre>
 * With a key, RTT records its verdicts (a canary's, a failed verify's) in the log, signed by it; with
 * {@code rollback: true} as well, it rolls back by itself, which needs a trust threshold of 1. Without, a rejected
 * change stays committed until a person rolls it back, and RTT says with which command.
 *
 * @param key      the name of the local key RTT signs with, or null for none.
 * @param rollback whether RTT may roll back by itself.
 */
public record AutomationPolicy(@Nullable String key, boolean rollback)
{
    /** No automation: RTT signs nothing by itself. */
    public static final AutomationPolicy NONE = new AutomationPolicy(null, false);

    /**
     * The automation policy of a workspace.
     *
     * @param workspace the workspace; rtt.yaml may be absent.
     * @return the policy, {@link #NONE} when rtt.yaml has no {@code automation} section.
     * @throws RttException {@code BAD_INPUT} naming the line of a malformed value, or of {@code rollback: true}
     *                      without a key.
     */
    public static AutomationPolicy load(final Workspace workspace)
    {
        final LocatedTree doc = PolicyFile.read(workspace);
        final JsonNode section = doc.tree().path("automation");
        if (section.isMissingNode() || section.isNull())
        {
            return NONE;
        }
        if (!section.isObject())
        {
            throw invalid(doc, "/automation", "automation must be a mapping with key and rollback, got " + section);
        }
        for (final String name : section.propertyNames())
        {
            if (!"key".equals(name) && !"rollback".equals(name))
            {
                throw invalid(doc, "/automation/" + LocatedTree.segment(name), "unknown setting automation." + name +
                    "; known: key, rollback");
            }
        }
        final JsonNode key = section.path("key");
        if (!key.isMissingNode() && (!key.isString() || key.asString().isBlank()))
        {
            throw invalid(doc, "/automation/key", "automation.key must name a local key, got " + key);
        }
        final JsonNode rollback = section.path("rollback");
        if (!rollback.isMissingNode() && !rollback.isBoolean())
        {
            throw invalid(doc, "/automation/rollback", "automation.rollback must be true or false, got " + rollback);
        }
        if (rollback.asBoolean(false) && key.isMissingNode())
        {
            throw invalid(doc, "/automation/rollback", "automation.rollback needs automation.key: the local key RTT " +
                "signs its rollbacks with");
        }
        return new AutomationPolicy(key.isMissingNode() ? null : key.asString(), rollback.asBoolean(false));
    }

}
