package io.rtt.engine.panel;

import static io.rtt.engine.PolicyFile.invalid;

import io.rtt.engine.PolicyFile;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.json.LocatedTree;
import tools.jackson.databind.JsonNode;

/**
 * Whether the panel keeps its continuous flight recording, from {@code rtt.yaml}:
 * <pre>
 * recording: { enabled: false }   # on by default
 * </pre>
 * The recording costs a route streaming at millions of messages a second a few percent of its throughput
 * (BENCHMARKS.md); a workspace that needs those back, and can do without {@code rtt record} and the dumps a failed
 * verify or canary leaves, turns it off.
 */
final class RecordingPolicy
{
    private RecordingPolicy()
    {
    }

    /**
     * Whether the workspace's panel records.
     *
     * @param workspace the workspace; rtt.yaml may be absent.
     * @return true unless rtt.yaml says {@code recording: { enabled: false }}.
     * @throws RttException {@code BAD_INPUT} naming the line of a malformed section.
     */
    static boolean enabled(final Workspace workspace)
    {
        final LocatedTree doc = PolicyFile.read(workspace);
        final JsonNode section = doc.tree().path("recording");
        if (section.isMissingNode() || section.isNull())
        {
            return true;
        }
        if (!section.isObject() || !section.propertyNames().stream().allMatch("enabled"::equals))
        {
            throw invalid(doc, "/recording", "recording must be a mapping with enabled: true or false, got " +
                section);
        }
        final JsonNode enabled = section.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean())
        {
            throw invalid(doc, "/recording/enabled", "recording.enabled must be true or false, got " +
                enabled);
        }
        return enabled.asBoolean(true);
    }
}
