package io.rtt.engine.scan.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.Edge;
import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;

/**
 * Turns findings into components and edges: packages by directory, compose services merged with the package
 * their build context points at, and edges from environment variables that name another component's host and
 * from depends_on and links.
 * <p>
 * Compose services are keyed by name across compose files, so override files add to one service.
 */
public final class ComponentAssembler
{
    /**
     * Components and edges, plus the diagnostics assembling raised.
     *
     * @param components  the components.
     * @param edges       the edges.
     * @param diagnostics unresolved references.
     */
    public record Assembly(List<Component> components, List<Edge> edges, List<Diagnostic> diagnostics)
    {
    }

    private static final class Draft
    {
        String id;
        String name;
        ComponentKind kind;
        String language;
        String path;
        String image;
        final List<Endpoint> endpoints = new ArrayList<>();
        final List<Evidence> evidence = new ArrayList<>();

        Component build()
        {
            return new Component(id, name == null ? id : name, kind, language, path, image, endpoints, evidence);
        }
    }

    private final String rootName;

    /**
     * Creates an assembler.
     *
     * @param workspaceRoot the workspace root, whose directory name names a package at the root.
     */
    public ComponentAssembler(final Path workspaceRoot)
    {
        final Path fileName = workspaceRoot.getFileName();
        this.rootName = fileName == null ? "root" : fileName.toString();
    }

    /**
     * Assembles components and edges.
     *
     * @param findings what the catalogers found.
     * @return the assembly.
     */
    public Assembly assemble(final Findings findings)
    {
        final List<Diagnostic> diagnostics = new ArrayList<>();
        final Map<String, Draft> packagesByDirectory = packages(findings.packages);
        final Map<String, Draft> byId = new TreeMap<>();
        final Map<String, String> hostToId = new HashMap<>();
        final Map<String, List<ComposeService>> servicesByName = new TreeMap<>();
        for (final ComposeService service : findings.services)
        {
            servicesByName.computeIfAbsent(service.name(), k -> new ArrayList<>()).add(service);
        }

        final Set<String> mergedDirectories = new HashSet<>();
        for (final Map.Entry<String, List<ComposeService>> entry : servicesByName.entrySet())
        {
            final String name = entry.getKey();
            Draft draft = null;
            for (final ComposeService service : entry.getValue())
            {
                if (draft == null && service.buildContext() != null &&
                    packagesByDirectory.containsKey(service.buildContext()))
                {
                    draft = packagesByDirectory.get(service.buildContext());
                    mergedDirectories.add(service.buildContext());
                }
            }
            if (draft == null)
            {
                draft = new Draft();
            }
            draft.id = name;
            for (final ComposeService service : entry.getValue())
            {
                mergeService(draft, service);
                for (final String alias : service.aliases())
                {
                    hostToId.put(alias.toLowerCase(java.util.Locale.ROOT), name);
                }
            }
            hostToId.put(name.toLowerCase(java.util.Locale.ROOT), name);
            byId.put(name, draft);
        }

        final Map<String, List<Draft>> unmergedByBaseName = new TreeMap<>();
        for (final Draft draft : packagesByDirectory.values())
        {
            if (!mergedDirectories.contains(draft.path))
            {
                unmergedByBaseName.computeIfAbsent(baseName(draft.path), k -> new ArrayList<>()).add(draft);
            }
        }
        for (final Map.Entry<String, List<Draft>> entry : unmergedByBaseName.entrySet())
        {
            final boolean unique = entry.getValue().size() == 1 && !byId.containsKey(entry.getKey());
            for (final Draft draft : entry.getValue())
            {
                draft.id = unique ? entry.getKey() : draft.path.replace('/', '-');
                byId.put(draft.id, draft);
            }
        }

        final List<Edge> edges = edges(servicesByName, hostToId, diagnostics);
        final List<Component> components = byId.values().stream().map(Draft::build).toList();
        return new Assembly(components, edges, diagnostics);
    }

    private Map<String, Draft> packages(final List<PackageManifest> manifests)
    {
        final Map<String, List<PackageManifest>> byDirectory = new TreeMap<>();
        for (final PackageManifest manifest : manifests)
        {
            byDirectory.computeIfAbsent(manifest.directory(), k -> new ArrayList<>()).add(manifest);
        }
        final Map<String, Draft> drafts = new LinkedHashMap<>();
        for (final Map.Entry<String, List<PackageManifest>> entry : byDirectory.entrySet())
        {
            final List<PackageManifest> sorted = entry.getValue().stream()
                .sorted(Comparator.comparingInt(PackageManifest::precedence).thenComparing(PackageManifest::file))
                .toList();
            final Draft draft = new Draft();
            draft.path = entry.getKey();
            draft.language = sorted.get(0).language();
            draft.name = sorted.stream().map(PackageManifest::declaredName).filter(n -> n != null && !n.isBlank())
                .findFirst().orElse(baseName(entry.getKey()));
            draft.kind = sorted.stream().anyMatch(PackageManifest::entryPoint) ?
                ComponentKind.SERVICE : ComponentKind.LIBRARY;
            for (final PackageManifest manifest : sorted)
            {
                draft.evidence.add(new Evidence(manifest.file(), 0, "manifest " + manifest.file()));
            }
            drafts.put(entry.getKey(), draft);
        }
        return drafts;
    }

    private static void mergeService(final Draft draft, final ComposeService service)
    {
        draft.evidence.add(service.evidence());
        draft.endpoints.addAll(service.endpoints());
        if (service.image() != null && draft.image == null)
        {
            draft.image = service.image();
        }
        if (draft.kind == null || draft.kind == ComponentKind.LIBRARY)
        {
            // A compose service runs: built from source it is a service; from an image, whatever the image is.
            draft.kind = service.buildContext() != null || service.image() == null ?
                ComponentKind.SERVICE : Images.classify(service.image());
        }
        if (draft.path == null && service.buildContext() != null)
        {
            draft.path = service.buildContext();
        }
    }

    private static List<Edge> edges(
        final Map<String, List<ComposeService>> servicesByName,
        final Map<String, String> hostToId,
        final List<Diagnostic> diagnostics)
    {
        final Map<String, Map<String, List<Evidence>>> evidenceByEdge = new TreeMap<>();
        for (final Map.Entry<String, List<ComposeService>> entry : servicesByName.entrySet())
        {
            final String from = entry.getKey();
            for (final ComposeService service : entry.getValue())
            {
                for (final Endpoint endpoint : service.endpoints())
                {
                    if (endpoint.kind() != Endpoint.Kind.ENV)
                    {
                        continue;
                    }
                    for (final String host : Addresses.hosts(endpoint.name(), endpoint.value()))
                    {
                        final String to = hostToId.get(host);
                        if (to != null && !to.equals(from))
                        {
                            add(evidenceByEdge, from, to, endpoint.evidence());
                        }
                        else if (to == null && !host.contains(".") && !Addresses.isLocalOrLiteral(host) &&
                            Addresses.looksLikeAddress(endpoint.name()))
                        {
                            diagnostics.add(new Diagnostic(endpoint.evidence().file(), endpoint.evidence().line(),
                                Diagnostic.WARNING, endpoint.name() + " names host '" + host +
                                "', which is no service of the workspace"));
                        }
                    }
                }
                for (final ComposeService.Link link : service.dependsOn())
                {
                    final String to = hostToId.get(link.target().toLowerCase(java.util.Locale.ROOT));
                    if (to == null)
                    {
                        diagnostics.add(new Diagnostic(link.evidence().file(), link.evidence().line(),
                            Diagnostic.ERROR, "service " + from + " names unknown service '" + link.target() + "'"));
                    }
                    else if (!to.equals(from))
                    {
                        add(evidenceByEdge, from, to, link.evidence());
                    }
                }
            }
        }
        final List<Edge> edges = new ArrayList<>();
        evidenceByEdge.forEach((from, targets) -> targets.forEach((to, evidence) ->
            edges.add(new Edge(from, to, evidence))));
        return edges;
    }

    private static void add(
        final Map<String, Map<String, List<Evidence>>> edges, final String from, final String to, final Evidence e)
    {
        edges.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new ArrayList<>()).add(e);
    }

    private String baseName(final String directory)
    {
        return ".".equals(directory) ? rootName : directory.substring(directory.lastIndexOf('/') + 1);
    }
}
