package io.rtt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rtt.engine.fs.BoundedRead;
import io.rtt.engine.json.LocatedTree;
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
