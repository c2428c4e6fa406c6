package io.rtt.engine.scan.internal;

import java.util.List;
import java.util.Map;

import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;

/**
 * Something that runs: a compose service or a Kubernetes workload (Deployment, StatefulSet, DaemonSet, Job...).
 * Workloads of the same name across files are one component.
 *
 * @param name            the service or workload name, which is also a host name others may address.
 * @param aliases         other host names it answers to (container_name, hostname, network aliases).
 * @param image           its image, or {@code null}.
 * @param sourceDirectory workspace-relative directory whose code it runs: the directory of the Dockerfile its build
 *                        names, else its build context; {@code null} when it builds nothing of the workspace.
 * @param labels          pod template labels (Kubernetes), which Services select on.
 * @param endpoints       ports and environment variables.
 * @param dependsOn       workloads it names in depends_on or links, with evidence.
 * @param evidence        where the workload is declared.
 */
public record Workload(
    String name,
    List<String> aliases,
    String image,
    String sourceDirectory,
    Map<String, String> labels,
    List<Endpoint> endpoints,
    List<Link> dependsOn,
    Evidence evidence)
{
    /**
     * A reference from this workload to another by name.
     *
     * @param target   the workload named.
     * @param evidence where it is named.
     */
    public record Link(String target, Evidence evidence)
    {
    }
}
