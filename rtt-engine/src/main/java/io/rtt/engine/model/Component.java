package io.rtt.engine.model;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A unit found in the repository: a service, a datastore, a gateway, a metrics system, a runtime.
 * <p>
 * One real component found through several files (a compose service and its source directory) is one component
 * with all its evidence.
 *
 * @param id        unique, stable id within the index (the compose service name, else the directory name).
 * @param name      the component's declared name (package name, module name), else its id.
 * @param kind      what it is.
 * @param technology what it runs as, for datastores and platform pieces ({@code postgres}, {@code redis},
 *                  {@code kafka}...), or {@code null}.
 * @param language  its main language, or {@code null} for an image-only component.
 * @param path      workspace-relative directory of its source, or {@code null} if it has none in the tree.
 * @param image     container image it runs from, or {@code null}.
 * @param endpoints what it exposes, sorted.
 * @param evidence  where it was found, sorted.
 */
public record Component(
    String id,
    String name,
    ComponentKind kind,
    @Nullable String technology,
    @Nullable String language,
    @Nullable String path,
    @Nullable String image,
    List<Endpoint> endpoints,
    List<Evidence> evidence)
{
    /**
     * Validates the component and sorts its collections.
     */
    public Component
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (id.isBlank())
        {
            throw new IllegalArgumentException("component id is blank");
        }
        endpoints = endpoints.stream().sorted().distinct().toList();
        evidence = evidence.stream().sorted().distinct().toList();
    }
}
