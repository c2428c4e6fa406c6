package io.rtt.engine.model;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;

/**
 * The set of components and the routes between them; content-addressed by the digest of its canonical bytes.
 *
 * @param format     the document format and version, {@value #FORMAT}.
 * @param components components, by id.
 * @param routes     routes, by id; each names components of this graph.
 */
public record Graph(String format, List<Component> components, List<Route> routes)
{
    /** Format of a graph document. */
    public static final String FORMAT = "rtt.graph/1";

    /** The graph with nothing in it: the head of an empty WAL. */
    public static final Graph EMPTY = new Graph(FORMAT, List.of(), List.of());

    /**
     * Validates the graph: unique ids, and routes only between its own components.
     */
    public Graph
    {
        Objects.requireNonNull(format, "format");
        components = components.stream().sorted(Comparator.comparing(Component::id)).toList();
        routes = routes.stream().sorted().toList();
        final Set<String> ids = new HashSet<>();
        for (final Component component : components)
        {
            if (!ids.add(component.id()))
            {
                throw new IllegalArgumentException("duplicate component id: " + component.id());
            }
        }
        final Set<String> routeIds = new HashSet<>();
        for (final Route route : routes)
        {
            if (!routeIds.add(route.id()))
            {
                throw new IllegalArgumentException("duplicate route id: " + route.id());
            }
            if (!ids.contains(route.from()) || !ids.contains(route.to()))
            {
                throw new IllegalArgumentException(
                    "route " + route.id() + " names a component not in the graph: " + route.from() + " -> " + route.to());
            }
        }
    }

    /**
     * The graph's content address.
     *
     * @return {@code sha256:<hex>} of its canonical bytes.
     */
    public String digest()
    {
        return Digests.sha256(Json.canonicalBytes(this));
    }
}
