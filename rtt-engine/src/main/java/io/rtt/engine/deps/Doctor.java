package io.rtt.engine.deps;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.rtt.engine.Workspace;
import io.rtt.engine.deps.internal.VersionScheme;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.SourceFile;
import io.rtt.engine.model.SymbolIndex;
import io.rtt.engine.scan.WorkspaceMembership;
import tools.jackson.databind.JsonNode;

/**
 * Finds version drift: the same dependency (ecosystem and normalised name) declared in more than one place, or a
 * local workspace package required at another version than its own. Each group converges on one version that
 * every declared range admits (highest by default), with each ecosystem's own semantics; where none exists the
 * clashing ranges are named and the highest specifier is proposed.
 * <p>
 * Stateless and thread-safe.
 */
public final class Doctor
{
    private record Local(String version, String file)
    {
    }

    private Doctor()
    {
    }

    /**
     * Examines the declared dependencies of a scanned workspace.
     *
     * @param workspace the workspace, to read local packages' versions.
     * @param index     its scan index.
     * @param policy    the doctor policy.
     * @return the report.
     */
    public static DoctorReport examine(final Workspace workspace, final SymbolIndex index, final DepPolicy policy)
    {
        // A package its workspace excludes ('!examples/vue/2*') keeps its own versions: neither drift nor a local.
        final WorkspaceMembership membership = WorkspaceMembership.read(workspace, index);
        final Map<String, Local> locals = localPackages(workspace, index, membership);
        final Map<String, List<Dependency>> groups = new TreeMap<>();
        for (final Dependency dependency : index.dependencies())
        {
            if (!Dependency.LOCKED.equals(dependency.scope()) && VersionScheme.of(dependency.ecosystem()) != null &&
                !membership.excluded(dependency.file()))
            {
                groups.computeIfAbsent(dependency.ecosystem() + "\0" + dependency.name(), k -> new ArrayList<>())
                    .add(dependency);
            }
        }
        final List<DriftGroup> out = new ArrayList<>();
        for (final List<Dependency> group : groups.values())
        {
            final Dependency first = group.get(0);
            final Local local = "npm".equals(first.ecosystem()) ? locals.get(first.name()) : null;
            if (group.size() < 2 && local == null && !policy.banned(first.ecosystem(), first.name()) &&
                policy.pin(first.ecosystem(), first.name()) == null)
            {
                continue;
            }
            out.add(examine(group, local, policy));
        }
        final List<Diagnostic> diagnostics = index.diagnostics().stream()
            .filter(d -> Diagnostic.ERROR.equals(d.severity())).toList();
        return new DoctorReport(DoctorReport.FORMAT, out, diagnostics);
    }

    private static DriftGroup examine(final List<Dependency> group, final Local local, final DepPolicy policy)
    {
        final Dependency first = group.get(0);
        final String ecosystem = first.ecosystem();
        final String name = first.name();
        if (policy.ignored(ecosystem, name))
        {
            return uniform(group, "", "ignored by policy (rtt.yaml deps.ignore)", Occurrence.IGNORED);
        }
        if (policy.banned(ecosystem, name))
        {
            return uniform(group, "", "banned by policy (rtt.yaml deps.ban): remove it", Occurrence.BANNED);
        }
        final VersionScheme scheme = VersionScheme.of(ecosystem);
        final String pin = policy.pin(ecosystem, name);
        if (pin != null)
        {
            return converge(group, pin, "pinned by policy (rtt.yaml deps.pin) to " + pin, spec -> spec.equals(pin));
        }
        if (local != null)
        {
            return local(group, local, scheme);
        }
        final List<VersionScheme.Spec> specs = new ArrayList<>();
        final List<Dependency> semver = new ArrayList<>();
        for (final Dependency dependency : group)
        {
            final VersionScheme.Spec spec = scheme.parse(dependency.range());
            if (spec != null)
            {
                specs.add(spec);
                semver.add(dependency);
            }
        }
        if (specs.isEmpty())
        {
            final boolean identical = group.stream().map(Dependency::range).distinct().count() == 1;
            return identical ?
                uniform(group, first.range(), "the same non-version specifier everywhere", Occurrence.OK) :
                uniform(group, "", "non-version specifiers differ and no version names a common target: " +
                    String.join(", ", group.stream().map(Dependency::range).distinct().toList()), Occurrence.UNFIXABLE);
        }
        final Comparator<String> order = policy.lowest() ? scheme.order().reversed() : scheme.order();
        final List<String> candidates = new ArrayList<>(new LinkedHashSet<>(
            specs.stream().flatMap(s -> s.mentioned().stream()).toList()));
        candidates.sort(order.reversed());
        // Which candidates each range admits, computed once: choosing and explaining a clash both read it.
        final List<BitSet> admits = new ArrayList<>();
        final BitSet common = new BitSet();
        common.set(0, candidates.size());
        for (final VersionScheme.Spec spec : specs)
        {
            final BitSet allowed = new BitSet(candidates.size());
            for (int c = 0; c < candidates.size(); c++)
            {
                if (spec.allows(candidates.get(c)))
                {
                    allowed.set(c);
                }
            }
            admits.add(allowed);
            common.and(allowed);
        }
        final String chosen = common.isEmpty() ? null : candidates.get(common.nextSetBit(0));
        final VersionScheme.Spec best;
        final String reason;
        if (chosen != null)
        {
            best = specs.stream().filter(s -> s.mentioned().stream().anyMatch(v -> order.compare(v, chosen) == 0))
                .max(Comparator.comparingInt(VersionScheme.Spec::greediness)
                    .thenComparing(VersionScheme.Spec::text, Comparator.reverseOrder()))
                .orElseThrow();
            reason = chosen + " is the " + (policy.lowest() ? "lowest" : "highest") +
                " version every declared range admits; " + best.text() + " names it";
        }
        else
        {
            best = specs.stream().max(Comparator.<VersionScheme.Spec, String>comparing(
                s -> s.mentioned().stream().max(order).orElse("0"), order)
                .thenComparingInt(VersionScheme.Spec::greediness)).orElseThrow();
            reason = clash(specs, semver, admits) + "; proposing " + (policy.lowest() ? "the lowest" :
                "the highest") + " specifier " + best.text();
        }
        final boolean sameRange = policy.sameRange();
        final Map<String, VersionScheme.Spec> byText = new HashMap<>();
        specs.forEach(spec -> byText.put(spec.text(), spec));
        return converge(group, best.text(), reason, range ->
        {
            if (range.equals(best.text()))
            {
                return true;
            }
            final VersionScheme.Spec spec = byText.get(range.trim());
            return !sameRange && spec != null && chosen != null && spec.allows(chosen);
        });
    }

    private static DriftGroup local(final List<Dependency> group, final Local local, final VersionScheme scheme)
    {
        final Accepts accepts = range ->
        {
            if (range.startsWith("workspace:"))
            {
                final String rest = range.substring("workspace:".length());
                if (rest.equals("*") || rest.equals("^") || rest.equals("~"))
                {
                    return true;
                }
                final VersionScheme.Spec spec = scheme.parse(rest);
                return spec != null && spec.allows(local.version());
            }
            return range.equals(local.version());
        };
        return converge(group, local.version(), "local workspace package at " + local.version() + " (" +
            local.file() + "): plain ranges name it exactly, workspace: ranges must admit it", accepts);
    }

    private interface Accepts
    {
        boolean test(String range);
    }

    private static DriftGroup converge(
        final List<Dependency> group, final String proposed, final String reason, final Accepts accepts)
    {
        final List<Occurrence> occurrences = new ArrayList<>();
        for (final Dependency dependency : group)
        {
            final boolean ok = accepts.test(dependency.range());
            occurrences.add(occurrence(dependency, ok ? dependency.range() : proposed,
                ok ? Occurrence.OK : Occurrence.DRIFT));
        }
        final Dependency first = group.get(0);
        return new DriftGroup(first.ecosystem(), first.name(), proposed, reason, occurrences);
    }

    private static DriftGroup uniform(
        final List<Dependency> group, final String proposed, final String reason, final String status)
    {
        final Dependency first = group.get(0);
        return new DriftGroup(first.ecosystem(), first.name(), proposed, reason, group.stream()
            .map(d -> occurrence(d, Occurrence.OK.equals(status) ? d.range() : proposed, status)).toList());
    }

    private static Occurrence occurrence(final Dependency dependency, final String proposed, final String status)
    {
        return new Occurrence(dependency.file(), dependency.line(), path(dependency), dependency.range(), proposed,
            status, dependency.via());
    }

    /** The first two declarations that admit no common version, in words. */
    private static String clash(
        final List<VersionScheme.Spec> specs, final List<Dependency> declared, final List<BitSet> admits)
    {
        for (int i = 0; i < specs.size(); i++)
        {
            for (int j = i + 1; j < specs.size(); j++)
            {
                if (!admits.get(i).intersects(admits.get(j)))
                {
                    return "no version satisfies every range: " + specs.get(i).text() + " (" + where(declared.get(i)) +
                        ") and " + specs.get(j).text() + " (" + where(declared.get(j)) + ") admit no common version";
                }
            }
        }
        return "no version named in the ranges satisfies all of them";
    }

    private static String where(final Dependency dependency)
    {
        return dependency.file() + ":" + dependency.line();
    }

    /** Where in its manifest a declaration sits. */
    static String path(final Dependency dependency)
    {
        if (dependency.via() != null)
        {
            return "properties/" + dependency.via().substring(2, dependency.via().length() - 1);
        }
        if (dependency.file().endsWith("package.json"))
        {
            return switch (dependency.scope())
            {
                case "prod" -> "dependencies";
                case "dev" -> "devDependencies";
                case "peer" -> "peerDependencies";
                case "optional" -> "optionalDependencies";
                default -> dependency.scope();
            };
        }
        if (dependency.file().endsWith("pom.xml"))
        {
            return "managed".equals(dependency.scope()) ? "dependencyManagement/dependencies" : "dependencies";
        }
        return dependency.scope();
    }

    private static Map<String, Local> localPackages(
        final Workspace workspace, final SymbolIndex index, final WorkspaceMembership membership)
    {
        final Map<String, Local> locals = new HashMap<>();
        for (final SourceFile file : index.files())
        {
            if (!file.path().endsWith("package.json") || membership.excluded(file.path()))
            {
                continue;
            }
            try
            {
                final JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(workspace.root().resolve(file.path())));
                if (root.path("name").isString() && root.path("version").isString())
                {
                    locals.putIfAbsent(root.path("name").stringValue(),
                        new Local(root.path("version").stringValue(), file.path()));
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                // unreadable or malformed: the scan already diagnosed it
            }
        }
        return locals;
    }
}
