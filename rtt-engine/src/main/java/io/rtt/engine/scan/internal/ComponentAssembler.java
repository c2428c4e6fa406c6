package io.rtt.engine.scan.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.rtt.engine.match.Candidate;
import io.rtt.engine.match.Match;
import io.rtt.engine.match.MatchResult;
import io.rtt.engine.match.Reference;
import io.rtt.engine.match.SymbolMatcher;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.Edge;
import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;

/**
 * Turns findings into components and edges.
 * <ul>
 *     <li>Packages are grouped by directory; a Dockerfile's ports and a {@code .env}'s variables join the
 *     directory's component.</li>
 *     <li>Workloads (compose services, Kubernetes workloads) of one name are one component, merged with the directory
 *     they build (the Dockerfile's, else the build context), or else with the one package of the same name. Several
 *     workloads that build one directory (a web and a worker from one image) each carry that directory's facts.</li>
 *     <li>The workspace root is a component only when a workload builds it, a Dockerfile there runs something, or no
 *     other directory holds code: otherwise its manifests and {@code .env} are the repository's (dev tools, the
 *     variables compose reads), not a service's.</li>
 *     <li>Kubernetes Services add host names to the workloads their selectors match.</li>
 *     <li>Edges come from environment variables naming another component's host, from depends_on and links, and
 *     from client libraries matched to the one datastore of their technology.</li>
 * </ul>
 * Which component a name, a host or a client library means is the {@link SymbolMatcher}'s decision; what it
 * cannot decide becomes a diagnostic, never a guess.
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

    /** Technologies whose client library implies a call to a component of that technology. */
    private static final Set<String> CALLED_TECHNOLOGIES =
        Set.of("postgres", "redis", "mysql", "mongodb", "neo4j", "qdrant", "kafka");

    private static final class Draft
    {
        String id;
        String name;
        ComponentKind kind;
        String technology;
        String language;
        String path;
        String image;
        /** A Dockerfile in the directory has an entry point: the directory builds something that runs. */
        boolean dockerfileRuns;
        final List<Endpoint> endpoints = new ArrayList<>();
        final List<Evidence> evidence = new ArrayList<>();
        final List<Workload.Link> links = new ArrayList<>();

        /** The directory's facts for one more workload that runs its code, under that workload's own name. */
        Draft runner()
        {
            final Draft runner = new Draft();
            runner.kind = kind;
            runner.technology = technology;
            runner.language = language;
            runner.path = path;
            runner.image = image;
            runner.dockerfileRuns = dockerfileRuns;
            runner.endpoints.addAll(endpoints);
            runner.evidence.addAll(evidence);
            return runner;
        }

        Component build()
        {
            return new Component(id, name == null ? id : name, kind, technology, language, path, image, endpoints,
                evidence);
        }
    }

    private final String rootName;
    private final SymbolMatcher matcher;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Map<String, Draft> byId = new TreeMap<>();
    private final Map<String, String> hostToId = new HashMap<>();
    private final Map<String, Map<String, List<Evidence>>> edgeEvidence = new TreeMap<>();
    /** A directory several workloads build, to the components those workloads are. */
    private final Map<Draft, List<Draft>> runners = new HashMap<>();

    /**
     * Creates an assembler for one assembly.
     *
     * @param workspaceRoot the workspace root, whose directory name names a package at the root.
     * @param matcher       decides which component a reference means.
     */
    public ComponentAssembler(final Path workspaceRoot, final SymbolMatcher matcher)
    {
        final Path fileName = workspaceRoot.getFileName();
        this.rootName = fileName == null ? "root" : fileName.toString();
        this.matcher = matcher;
    }

    /**
     * Assembles components and edges.
     *
     * @param findings what the catalogers found.
     * @return the assembly.
     */
    public Assembly assemble(final Findings findings)
    {
        final Map<String, Draft> byDirectory = packages(findings.packages);
        addDirectoryFacts(byDirectory, findings.directoryFacts);
        final Set<Draft> merged = addWorkloads(byDirectory, findings.workloads);
        addServiceAliases(findings.workloads, findings.serviceAliases);
        final Draft root = workspaceRoot(byDirectory, merged, findings.workloads);
        if (root != null)
        {
            merged.add(root);
        }
        addUnmergedPackages(byDirectory, merged);
        addProtoServices(findings.protoServices);

        final List<Candidate> components = candidates();
        for (final Draft draft : byId.values())
        {
            addAddressEdges(draft, components);
        }
        addClientEdges(byDirectory, clientHints(findings), components);

        final List<Edge> edges = new ArrayList<>();
        edgeEvidence.forEach((from, targets) -> targets.forEach((to, evidence) ->
            edges.add(new Edge(from, to, evidence))));
        return new Assembly(byId.values().stream().map(Draft::build).toList(), edges, diagnostics);
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

    private void addDirectoryFacts(final Map<String, Draft> byDirectory, final List<DirectoryFact> facts)
    {
        for (final DirectoryFact fact : facts)
        {
            Draft draft = byDirectory.get(fact.directory());
            if (draft == null && fact.runs())
            {
                draft = new Draft(); // a Dockerfile with an entry point and no manifest beside it
                draft.path = fact.directory();
                draft.name = baseName(fact.directory());
                draft.kind = ComponentKind.SERVICE;
                byDirectory.put(fact.directory(), draft);
            }
            if (draft == null)
            {
                continue; // a fact about a directory that holds no component, e.g. a .env used for interpolation
            }
            draft.evidence.add(fact.evidence());
            if (fact.endpoint() != null)
            {
                draft.endpoints.add(fact.endpoint());
            }
            if (fact.runs())
            {
                draft.kind = ComponentKind.SERVICE;
                draft.dockerfileRuns = true;
            }
        }
    }

    private Set<Draft> addWorkloads(final Map<String, Draft> byDirectory, final List<Workload> workloads)
    {
        final Map<String, List<Workload>> byName = new TreeMap<>();
        for (final Workload workload : workloads)
        {
            byName.computeIfAbsent(workload.name(), k -> new ArrayList<>()).add(workload);
        }
        final List<Candidate> packages = byDirectory.values().stream()
            .map(d -> new Candidate(d.path, d.name, List.of(baseNameOf(d.path)), null)).toList();
        final Map<String, Draft> sources = new HashMap<>();
        final Map<Draft, Integer> claims = new HashMap<>();
        for (final Map.Entry<String, List<Workload>> entry : byName.entrySet())
        {
            final Draft source = packageOf(byDirectory, packages, entry.getKey(), entry.getValue());
            if (source != null)
            {
                sources.put(entry.getKey(), source);
                claims.merge(source, 1, Integer::sum);
            }
        }
        final Set<Draft> merged = new HashSet<>(claims.keySet());
        for (final Map.Entry<String, List<Workload>> entry : byName.entrySet())
        {
            final Draft source = sources.get(entry.getKey());
            final Draft draft;
            if (source == null)
            {
                draft = new Draft();
            }
            else if (claims.get(source) == 1)
            {
                draft = source;
            }
            else
            {
                // no workload is more the directory's than another: each runs its code, none takes its name
                draft = source.runner();
                runners.computeIfAbsent(source, k -> new ArrayList<>()).add(draft);
            }
            draft.id = entry.getKey();
            for (final Workload workload : entry.getValue())
            {
                mergeWorkload(draft, workload);
                workload.aliases().forEach(alias -> hostToId.put(alias.toLowerCase(Locale.ROOT), entry.getKey()));
            }
            hostToId.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getKey());
            byId.put(entry.getKey(), draft);
        }
        return merged;
    }

    /**
     * The package a workload runs: the directory it builds, else the one package the matcher finds by the workload's
     * name or its image's (a skaffold or CI build of that directory).
     */
    private Draft packageOf(final Map<String, Draft> byDirectory, final List<Candidate> packages, final String name,
        final List<Workload> group)
    {
        for (final Workload workload : group)
        {
            if (workload.sourceDirectory() != null && byDirectory.containsKey(workload.sourceDirectory()))
            {
                return byDirectory.get(workload.sourceDirectory());
            }
        }
        final List<String> images = new ArrayList<>();
        for (final Workload workload : group)
        {
            if (workload.image() != null && Images.classify(workload.image()).technology() != null)
            {
                return null; // a known datastore or platform image, not the workspace's own code
            }
            if (workload.image() != null)
            {
                final String repository = Images.repository(workload.image());
                images.add(repository.substring(repository.lastIndexOf('/') + 1));
            }
        }
        return matcher.match(Reference.name(name, images), packages).chosen()
            .map(m -> byDirectory.get(m.candidate())).orElse(null);
    }

    private static void mergeWorkload(final Draft draft, final Workload workload)
    {
        draft.evidence.add(workload.evidence());
        draft.endpoints.addAll(workload.endpoints());
        draft.links.addAll(workload.dependsOn());
        if (workload.image() != null && draft.image == null)
        {
            draft.image = workload.image();
        }
        if (draft.kind == null || draft.kind == ComponentKind.LIBRARY || draft.kind == ComponentKind.EXTERNAL)
        {
            // Something that runs: built from source a service; from an image, whatever the image is.
            final Images.Recognized recognized = workload.image() == null ? null : Images.classify(workload.image());
            if (workload.sourceDirectory() != null || draft.path != null || recognized == null)
            {
                draft.kind = ComponentKind.SERVICE;
            }
            else
            {
                draft.kind = recognized.kind();
                draft.technology = recognized.technology();
            }
        }
        if (draft.path == null && workload.sourceDirectory() != null)
        {
            draft.path = workload.sourceDirectory();
        }
    }

    private void addServiceAliases(final List<Workload> workloads, final List<ServiceAlias> aliases)
    {
        for (final ServiceAlias alias : aliases)
        {
            final String host = alias.name().toLowerCase(Locale.ROOT);
            final Set<String> selected = new HashSet<>();
            for (final Workload workload : workloads)
            {
                if (!alias.selector().isEmpty() &&
                    workload.labels().entrySet().containsAll(alias.selector().entrySet()))
                {
                    selected.add(workload.name());
                }
            }
            if (selected.size() == 1)
            {
                final String id = selected.iterator().next();
                hostToId.putIfAbsent(host, id);
                byId.get(id).evidence.add(alias.evidence());
            }
            else if (selected.isEmpty() && !hostToId.containsKey(host))
            {
                diagnostics.add(new Diagnostic(alias.evidence().file(), alias.evidence().line(), Diagnostic.WARNING,
                    "Service " + alias.name() + " selects no workload of the workspace"));
            }
            else if (selected.size() > 1 && !hostToId.containsKey(host))
            {
                diagnostics.add(new Diagnostic(alias.evidence().file(), alias.evidence().line(), Diagnostic.WARNING,
                    "Service " + alias.name() + " selects several workloads: " +
                    String.join(", ", new TreeSet<>(selected))));
            }
        }
    }

    /**
     * The root directory's draft when its files are the workspace's rather than a component's, said so in a
     * diagnostic; {@code null} when the root is a component. It is one when a workload builds it (its build context
     * or Dockerfile), when a Dockerfile there runs something, or when no other directory holds code: a repository
     * that is one package is that package.
     */
    private Draft workspaceRoot(final Map<String, Draft> byDirectory, final Set<Draft> merged,
        final List<Workload> workloads)
    {
        final Draft root = byDirectory.get(".");
        if (root == null || merged.contains(root) || root.dockerfileRuns)
        {
            return null;
        }
        final boolean codeElsewhere = byDirectory.size() > 1 ||
            workloads.stream().anyMatch(w -> w.sourceDirectory() != null && !".".equals(w.sourceDirectory()));
        if (!codeElsewhere)
        {
            return null;
        }
        final Set<String> files = new TreeSet<>();
        root.evidence.forEach(e -> files.add(e.file()));
        diagnostics.add(new Diagnostic(root.evidence.get(0).file(), 0, Diagnostic.INFO, "the workspace root is no " +
            "component (no build context or Dockerfile builds it, and other directories hold the code): " +
            String.join(", ", files) + " belong to the workspace"));
        return root;
    }

    private void addUnmergedPackages(final Map<String, Draft> byDirectory, final Set<Draft> merged)
    {
        final Map<String, List<Draft>> byBaseName = new TreeMap<>();
        for (final Draft draft : byDirectory.values())
        {
            if (!merged.contains(draft))
            {
                byBaseName.computeIfAbsent(baseName(draft.path), k -> new ArrayList<>()).add(draft);
            }
        }
        for (final Map.Entry<String, List<Draft>> entry : byBaseName.entrySet())
        {
            final boolean unique = entry.getValue().size() == 1 && !byId.containsKey(entry.getKey());
            for (final Draft draft : entry.getValue())
            {
                draft.id = unique ? entry.getKey() : draft.path.replace('/', '-');
                byId.put(draft.id, draft);
            }
        }
    }

    private void addProtoServices(final List<ProtoService> services)
    {
        for (final ProtoService service : services)
        {
            final String wanted = normalize(service.name());
            for (final Draft draft : byId.values())
            {
                if (normalize(draft.id).equals(wanted) || normalize(draft.name).equals(wanted))
                {
                    for (final String method : service.methods())
                    {
                        draft.endpoints.add(new Endpoint(Endpoint.Kind.GRPC, service.name(), method,
                            service.evidence()));
                    }
                }
            }
        }
    }

    /** Every component as the matcher sees it: its name, the host names it answers to, its technology. */
    private List<Candidate> candidates()
    {
        final Map<String, Set<String>> hosts = new HashMap<>();
        hostToId.forEach((host, id) -> hosts.computeIfAbsent(id, k -> new TreeSet<>()).add(host));
        return byId.values().stream().map(d -> new Candidate(d.id, d.name == null ? d.id : d.name,
            List.copyOf(hosts.getOrDefault(d.id, Set.of())), d.technology)).toList();
    }

    private void addAddressEdges(final Draft draft, final List<Candidate> components)
    {
        for (final Endpoint endpoint : draft.endpoints)
        {
            if (endpoint.kind() != Endpoint.Kind.ENV)
            {
                continue;
            }
            for (final String host : Addresses.hosts(endpoint.name(), endpoint.value()))
            {
                final MatchResult to = matcher.match(Reference.host(host), components);
                if (to.chosen().isPresent())
                {
                    if (!to.chosen().get().candidate().equals(draft.id))
                    {
                        addEdge(draft.id, to.chosen().get().candidate(), endpoint.evidence());
                    }
                }
                else if (!host.contains(".") && !Addresses.isLocalOrLiteral(host) &&
                    Addresses.looksLikeAddress(endpoint.name()))
                {
                    diagnostics.add(new Diagnostic(endpoint.evidence().file(), endpoint.evidence().line(),
                        Diagnostic.WARNING, endpoint.name() + " names host '" + host + "', " + unresolved(to)));
                }
            }
        }
        for (final Workload.Link link : draft.links)
        {
            final MatchResult to = matcher.match(Reference.host(link.target()), components);
            if (to.chosen().isEmpty())
            {
                diagnostics.add(new Diagnostic(link.evidence().file(), link.evidence().line(), Diagnostic.ERROR,
                    "service " + draft.id + " names " + (to.decision() == MatchResult.Decision.AMBIGUOUS ?
                    "service '" + link.target() + "', " + unresolved(to) : "unknown service '" + link.target() + "'")));
            }
            else if (!to.chosen().get().candidate().equals(draft.id))
            {
                addEdge(draft.id, to.chosen().get().candidate(), link.evidence());
            }
        }
    }

    /** Why a host resolved to no component, in the words of a diagnostic. */
    private static String unresolved(final MatchResult result)
    {
        return result.decision() == MatchResult.Decision.AMBIGUOUS ?
            "which several components answer to: " + ids(result.tied()) : "which is no component of the workspace";
    }

    private static String ids(final List<Match> matches)
    {
        return String.join(", ", matches.stream().map(Match::candidate).toList());
    }

    /** Evidence that the package owning a file is a client of a technology. */
    private record ClientHint(String file, String library, String technology, Evidence evidence)
    {
    }

    private static List<ClientHint> clientHints(final Findings findings)
    {
        final List<ClientHint> hints = new ArrayList<>();
        for (final Dependency dependency : findings.dependencies)
        {
            final String technology = ClientLibraries.technology(dependency.ecosystem(), dependency.name());
            if (technology != null && !Dependency.LOCKED.equals(dependency.scope()) &&
                !"dev".equals(dependency.scope()) && !"test".equals(dependency.scope()))
            {
                hints.add(new ClientHint(dependency.file(), dependency.name(), technology,
                    new Evidence(dependency.file(), dependency.line(),
                    "client library " + dependency.name() + " (" + technology + ")")));
            }
        }
        for (final ImportHints.Hint hint : findings.importHints)
        {
            hints.add(new ClientHint(hint.evidence().file(), hint.module(), hint.technology(), hint.evidence()));
        }
        return hints;
    }

    private void addClientEdges(final Map<String, Draft> byDirectory, final List<ClientHint> hints,
        final List<Candidate> components)
    {
        for (final ClientHint hint : hints)
        {
            final String technology = hint.technology();
            if (!CALLED_TECHNOLOGIES.contains(technology))
            {
                continue;
            }
            for (final Draft owner : ownersOf(byDirectory, hint.file()))
            {
                if (owner.kind == ComponentKind.SERVICE)
                {
                    addClientEdge(owner, hint, components);
                }
            }
        }
    }

    private void addClientEdge(final Draft owner, final ClientHint hint, final List<Candidate> components)
    {
        final String technology = hint.technology();
        final Evidence evidence = hint.evidence();
        final Set<String> named = edgeEvidence.getOrDefault(owner.id, Map.of()).keySet();
        final MatchResult result = matcher.match(Reference.client(hint.library(), technology, named), components);
        if (result.chosen().isPresent())
        {
            addEdge(owner.id, result.chosen().get().candidate(), evidence);
        }
        else if (result.decision() == MatchResult.Decision.UNMATCHED)
        {
            diagnostics.add(new Diagnostic(evidence.file(), evidence.line(), Diagnostic.INFO,
                owner.id + " uses a " + technology + " client (" + evidence.seen() + ") but no " + technology +
                " component is in the workspace"));
        }
        else if (result.tied().stream().noneMatch(m -> named.contains(m.candidate())))
        {
            // several it already names are served by those edges; several it does not name are a question
            diagnostics.add(new Diagnostic(evidence.file(), evidence.line(), Diagnostic.WARNING,
                owner.id + " uses a " + technology + " client (" + evidence.seen() + ") and several " +
                technology + " components could serve it: " + ids(result.tied())));
        }
    }

    /**
     * The components whose code holds a file: those of the deepest ancestor directory that is a component, or that
     * several workloads build.
     */
    private List<Draft> ownersOf(final Map<String, Draft> byDirectory, final String file)
    {
        String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : ".";
        while (true)
        {
            final Draft draft = byDirectory.get(dir);
            if (draft != null && draft.id != null)
            {
                return List.of(draft);
            }
            if (draft != null && runners.containsKey(draft))
            {
                return runners.get(draft);
            }
            if (".".equals(dir))
            {
                return List.of();
            }
            dir = dir.contains("/") ? dir.substring(0, dir.lastIndexOf('/')) : ".";
        }
    }

    private void addEdge(final String from, final String to, final Evidence evidence)
    {
        edgeEvidence.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new ArrayList<>())
            .add(evidence);
    }

    private String baseName(final String directory)
    {
        return ".".equals(directory) ? rootName : baseNameOf(directory);
    }

    private static String baseNameOf(final String directory)
    {
        return directory == null ? "" : directory.substring(directory.lastIndexOf('/') + 1);
    }

    /** Lower case without separators, so {@code CartService}, {@code cart-service} and {@code cartservice} meet. */
    private static String normalize(final String name)
    {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
