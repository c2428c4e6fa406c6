package io.rtt.engine.services;

import static io.rtt.engine.PolicyFile.invalid;

import io.rtt.engine.PolicyFile;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.json.LocatedTree;
import tools.jackson.databind.JsonNode;

/**
 * Whether RTT may start dev services for the workspace, read from {@code rtt.yaml}.
 * <pre>
 * services: off    # auto by default: start a throwaway datastore when one the graph needs is not reachable
 * </pre>
 */
public final class ServicesPolicy
{
    private ServicesPolicy()
    {
    }

    /**
     * Whether dev services start automatically.
     *
     * @param workspace the workspace; rtt.yaml may be absent.
     * @return true unless rtt.yaml says {@code services: off}.
     * @throws RttException {@code BAD_INPUT} naming the line of a value other than {@code auto} or {@code off}.
     */
    public static boolean auto(final Workspace workspace)
    {
        final LocatedTree doc = PolicyFile.read(workspace);
        final JsonNode services = doc.tree().path("services");
        if (services.isMissingNode() || services.isNull())
        {
            return true;
        }
        // YAML 1.1 reads a bare off as false: accept it as the word the user wrote
        if (services.isBoolean() && !services.booleanValue())
        {
            return false;
        }
        if (services.isString() && ("auto".equals(services.stringValue()) || "off".equals(services.stringValue())))
        {
            return "auto".equals(services.stringValue());
        }
        throw invalid(doc, "/services", "services must be auto or off, got " + services);
    }
}
