package io.rtt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rtt.engine.fs.BoundedRead;
import io.rtt.engine.json.LocatedTree;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code rtt.yaml} once for every policy section (plan, deps): bounded in size, with the line of every value,
 * YAML anchors, aliases and merge keys resolved as YAML defines them.
 */
public final class PolicyFile
{
    /** Largest rtt.yaml read, as for manifests. */
    private static final int MAX_POLICY_BYTES = 4 * 1024 * 1024;
    private static final YAMLMapper YAML = new YAMLMapper();

    private PolicyFile()
    {
    }

    /**
     * The refusal of a bad value, naming its line: what every policy section throws.
     *
     * @param doc     the policy document.
     * @param pointer the JSON pointer of the value.
     * @param message what is wrong with it.
     * @return {@code BAD_INPUT}, reading {@code rtt.yaml:<line>: <message>}.
     */
    public static RttException invalid(final LocatedTree doc, final String pointer, final String message)
    {
        return new RttException(RttException.Kind.BAD_INPUT, "rtt.yaml:" + doc.line(pointer) + ": " + message);
    }

    /**
     * A whole number within its real bounds, checked here with its line rather than wrapped or failed later.
     *
     * @param doc      the policy document.
     * @param pointer  the JSON pointer of the value; its last segment names it in the refusal.
     * @param node     the value, missing or null for the fallback.
     * @param fallback the value when absent.
     * @param min      the smallest allowed.
     * @param max      the largest allowed.
     * @return the number.
     * @throws RttException {@code BAD_INPUT} naming the line, the setting and its bounds.
     */
    public static long wholeNumber(final LocatedTree doc, final String pointer, final JsonNode node,
        final long fallback, final long min, final long max)
    {
        if (node.isMissingNode() || node.isNull())
        {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max)
        {
            throw invalid(doc, pointer, pointer.substring(pointer.lastIndexOf('/') + 1) + " must be a whole number " +
                "from " + min + " to " + max + ", got " + node);
        }
        return node.asLong();
    }

    /**
     * The workspace's policy document.
     *
     * @param workspace the workspace; rtt.yaml may be absent.
     * @return the document, a missing node when there is no rtt.yaml.
     * @throws RttException {@code BAD_INPUT} naming the line of malformed YAML, {@code REFUSED} for a policy that is
     *                      not a regular file or is too large, {@code IO} if it cannot be read.
     */
    public static LocatedTree read(final Workspace workspace)
    {
        final Path file = workspace.layout().policyFile();
        if (!Files.exists(file))
        {
            return new LocatedTree(YAML.missingNode(), java.util.Map.of());
        }
        try
        {
            return LocatedTree.parse(YAML, BoundedRead.readAllBytes(file, MAX_POLICY_BYTES, "policy"));
        }
        catch (final LocatedTree.ParseFailure ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "rtt.yaml:" + ex.line() + ": " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read " + file + ": " + ex, ex);
        }
    }
}
