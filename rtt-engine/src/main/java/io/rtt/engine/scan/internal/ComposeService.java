package io.rtt.engine.scan.internal;

import java.util.List;

import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;

/**
 * A service of a compose file.
 *
 * @param name         the service name, which is also its host name on the compose network.
 * @param aliases      other host names it answers to (container_name, hostname, network aliases).
 * @param image        its image, or {@code null}.
 * @param buildContext workspace-relative build context directory, or {@code null}.
 * @param endpoints    ports and environment variables.
 * @param dependsOn    services it names in depends_on or links, with evidence.
 * @param evidence     where the service is declared.
 */
public record ComposeService(
    String name,
    List<String> aliases,
    String image,
    String buildContext,
    List<Endpoint> endpoints,
    List<Link> dependsOn,
    Evidence evidence)
{
    /**
     * A reference from this service to another by name.
     *
     * @param target   the service named.
     * @param evidence where it is named.
     */
    public record Link(String target, Evidence evidence)
    {
    }
}
