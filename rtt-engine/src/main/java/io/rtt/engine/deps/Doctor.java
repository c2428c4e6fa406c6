package io.rtt.engine.deps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * clashing ranges are named and the highest version named is proposed.
 * <p>
 * What a fix must never do decides three rules. Each declaration keeps its specifier style and only its version
 * moves (exact stays exact, {@code ~} stays {@code ~}, {@code workspace:} and {@code npm:} aliases keep their
 * prefix); a style that names no single version (a compound range, a path, a URL) is never rewritten. A peer
 * dependency range states compatibility: it is checked against the version chosen, never a candidate for it. A
 * requirements file pinned with hashes is a lock the doctor flags with its {@code .in} and never edits.
 * <p>
 * Stateless and thread-safe.
 */
public final class Doctor
{
    private static final String PEER = "peer";
    private static final String WORKSPACE = "workspace:";

    private record Local(String version, String file)
    {
    }

    /** What the doctor says of one declaration: its status and the specifier it should have. */
    private record Verdict(String status, String proposed)
    {
    }

    private interface Judge
    {
        Verdict judge(Dependency dependency);
    }

    private Doctor()
    {
    }

    /**
     * Examines the declared dependencies of a scanned workspace.
     *
     * @param workspace the workspace, to read local packages' versions and hashed requirements files.
     * @param index     its scan index.
     * @param policy    the doctor policy.
     * @return the report.
     */
    public static DoctorReport examine(final Workspace workspace, final SymbolIndex index, final DepPolicy policy)
    {
        // A package its workspace excludes ('!examples/vue/2*') keeps its own versions: neither drift nor a local.
        final WorkspaceMembership membership = WorkspaceMembership.read(workspace, index);
        final Map<String, Local> locals = localPackages(workspace, index, membership);
        final Map<String, HashedRequirements> locks = HashedRequirements.find(workspace, index);
        final List<Dependency> declared = new ArrayList<>();
        // A lock's pins come from the lock itself (HashedRequirements), so the index's copy would count them twice.
        index.dependencies().stream().filter(d -> !locks.containsKey(d.file())).forEach(declared::add);
        locks.values().forEach(lock -> declared.addAll(lock.pins()));
        final Map<String, List<Dependency>> groups = new TreeMap<>();
        for (final Dependency dependency : declared)
        {
            final VersionScheme scheme = VersionScheme.of(dependency.ecosystem());
            if (!Dependency.LOCKED.equals(dependency.scope()) && scheme != null &&
                !membership.excluded(dependency.file()))
            {
                // An npm alias (npm:other@^1) declares the package it installs, whatever name it is declared under.
                final String name = scheme.installs(dependency.name(), dependency.range());
                groups.computeIfAbsent(dependency.ecosystem() + "\0" + name, k -> new ArrayList<>())
                    .add(name.equals(dependency.name()) ? dependency : new Dependency(dependency.ecosystem(), name,
                        dependency.range(), dependency.scope(), dependency.file(), dependency.line(),
                        dependency.via()));
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
            out.add(examine(group, local, policy, locks));
        }
        final List<Diagnostic> diagnostics = index.diagnostics().stream()
            .filter(d -> Diagnostic.ERROR.equals(d.severity())).toList();
        return new DoctorReport(DoctorReport.FORMAT, out, diagnostics);
    }

    private static DriftGroup examine(final List<Dependency> group, final Local local, final DepPolicy policy,
        final Map<String, HashedRequirements> locks)
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
            return pinned(group, pin, scheme, locks);
        }
        if (local != null)
        {
            return local(group, local, scheme, locks);
        }
        return versions(group, scheme, policy, locks);
    }

    /** A policy pin is the policy's own specifier: written as given, and checked against every peer range. */
    private static DriftGroup pinned(final List<Dependency> group, final String pin, final VersionScheme scheme,
        final Map<String, HashedRequirements> locks)
    {
        final VersionScheme.Spec spec = scheme.parse(pin);
        final String version = spec == null ? null : spec.mentioned().stream().filter(spec::allows)
            .max(scheme.order()).orElse(null);
        final StringBuilder reason = new StringBuilder("pinned by policy (rtt.yaml deps.pin) to " + pin);
        return converge(group, pin, reason, locks, dependency ->
        {
            if (PEER.equals(dependency.scope()))
            {
                return peer(dependency, version, scheme, reason);
            }
            return dependency.range().equals(pin) ? ok(dependency) : new Verdict(Occurrence.DRIFT, pin);
        });
    }

    private static DriftGroup versions(final List<Dependency> group, final VersionScheme scheme,
        final DepPolicy policy, final Map<String, HashedRequirements> locks)
    {
        final List<VersionScheme.Spec> specs = new ArrayList<>();
        final List<Dependency> semver = new ArrayList<>();
        final List<String> others = new ArrayList<>();
        for (final Dependency dependency : group)
        {
            if (PEER.equals(dependency.scope()))
            {
                continue; // a peer range states compatibility: checked against the choice, never a candidate
            }
            final VersionScheme.Spec spec = scheme.parse(dependency.range());
            if (spec != null)
            {
                specs.add(spec);
                semver.add(dependency);
            }
            else
            {
                others.add(dependency.range());
            }
        }
        if (specs.isEmpty())
        {
            final List<String> distinct = others.stream().distinct().toList();
            if (distinct.size() <= 1)
            {
                return converge(group, distinct.isEmpty() ? "" : distinct.get(0), new StringBuilder(distinct.isEmpty() ?
                    "only peer ranges, which state compatibility: no installed version to converge" :
                    "the same non-version specifier everywhere"), locks, Doctor::ok);
            }
            return converge(group, "", new StringBuilder("non-version specifiers differ and no version names a " +
                "common target: " + String.join(", ", distinct)), locks, dependency -> PEER.equals(dependency.scope()) ?
                ok(dependency) : new Verdict(Occurrence.UNFIXABLE, ""));
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
        final String target;
        final StringBuilder reason = new StringBuilder();
        if (chosen != null)
        {
            best = specs.stream().filter(s -> s.mentioned().stream().anyMatch(v -> order.compare(v, chosen) == 0))
                .max(Comparator.comparingInt(VersionScheme.Spec::greediness)
                    .thenComparing(VersionScheme.Spec::text, Comparator.reverseOrder()))
                .orElseThrow();
            target = chosen;
            reason.append(chosen).append(" is the ").append(policy.lowest() ? "lowest" : "highest")
                .append(" version every declared range admits; ").append(best.text()).append(" names it");
        }
        else
        {
            best = specs.stream().max(Comparator.<VersionScheme.Spec, String>comparing(
                s -> s.mentioned().stream().max(order).orElse("0"), order)
                .thenComparingInt(VersionScheme.Spec::greediness)).orElseThrow();
            target = best.mentioned().stream().filter(best::allows).max(order).orElse(null);
            final String extreme = policy.lowest() ? "lowest" : "highest";
            reason.append(clash(specs, semver, admits)).append("; proposing ").append(target == null ?
                "the " + extreme + " specifier " + best.text() :
                target + ", the " + extreme + " version named (" + best.text() + ")");
        }
        if (!others.isEmpty())
        {
            reason.append("; ").append(String.join(", ", others.stream().distinct().toList()))
                .append(" names no version: change it by hand");
        }
        final boolean sameRange = policy.sameRange();
        return converge(group, best.text(), reason, locks, dependency ->
        {
            if (PEER.equals(dependency.scope()))
            {
                return peer(dependency, target, scheme, reason);
            }
            final VersionScheme.Spec spec = scheme.parse(dependency.range());
            if (spec == null)
            {
                return new Verdict(Occurrence.UNFIXABLE, "");
            }
            if (target == null)
            {
                return spec.text().equals(best.text()) ? ok(dependency) : new Verdict(Occurrence.UNFIXABLE, "");
            }
            return moved(dependency, spec, target, scheme, sameRange);
        });
    }

    /**
     * A declaration with a version: it names the target in its own style, or its version moves there; a style that
     * names no single version is fine while it admits the target and unfixable when it does not.
     */
    private static Verdict moved(final Dependency dependency, final VersionScheme.Spec spec, final String target,
        final VersionScheme scheme, final boolean sameRange)
    {
        final String moved = scheme.withVersion(spec, target);
        if (spec.text().equals(moved) || (moved == null || !sameRange) && spec.allows(target))
        {
            return ok(dependency);
        }
        return moved == null ? new Verdict(Occurrence.UNFIXABLE, "") : new Verdict(Occurrence.DRIFT, moved);
    }

    /** A peer range is checked against the version chosen, and never rewritten: widening it is the author's call. */
    private static Verdict peer(final Dependency dependency, final String version, final VersionScheme scheme,
        final StringBuilder reason)
    {
        final VersionScheme.Spec spec = scheme.parse(dependency.range());
        if (version == null || spec == null || spec.allows(version))
        {
            return ok(dependency);
        }
        reason.append("; the peer range ").append(dependency.range()).append(" (").append(where(dependency))
            .append(") does not admit ").append(version).append(": widen it by hand or choose a version it admits");
        return new Verdict(Occurrence.UNFIXABLE, "");
    }

    private static DriftGroup local(final List<Dependency> group, final Local local, final VersionScheme scheme,
        final Map<String, HashedRequirements> locks)
    {
        final String version = local.version();
        final StringBuilder reason = new StringBuilder("local workspace package at " + version + " (" + local.file() +
            "): plain ranges name it, workspace: ranges must admit it");
        return converge(group, version, reason, locks, dependency ->
        {
            final String range = dependency.range().trim();
            if (PEER.equals(dependency.scope()))
            {
                return peer(dependency, version, scheme, reason);
            }
            if (range.startsWith(WORKSPACE))
            {
                // workspace:*, workspace:^ and workspace:~ take whatever the local package is: nothing to move.
                final VersionScheme.Spec spec = scheme.parse(range.substring(WORKSPACE.length()));
                if (spec == null || spec.allows(version))
                {
                    return ok(dependency);
                }
                final String moved = scheme.withVersion(spec, version);
                return moved == null ? new Verdict(Occurrence.UNFIXABLE, "") :
                    new Verdict(Occurrence.DRIFT, WORKSPACE + moved);
            }
            final VersionScheme.Spec spec = scheme.parse(range);
            if (spec == null)
            {
                return linksTo(dependency, range, local) ? ok(dependency) : new Verdict(Occurrence.UNFIXABLE, "");
            }
            return moved(dependency, spec, version, scheme, true);
        });
    }

    /** Whether a {@code file:}, {@code link:} or {@code portal:} specifier points at the local package itself. */
    private static boolean linksTo(final Dependency dependency, final String range, final Local local)
    {
        final int colon = range.indexOf(':');
        if (colon < 0 || !List.of("file", "link", "portal").contains(range.substring(0, colon)))
        {
            return false;
        }
        final Path from = Path.of(dependency.file()).getParent();
        final Path to = Path.of(local.file()).getParent();
        final Path linked = (from == null ? Path.of("") : from).resolve(range.substring(colon + 1)).normalize();
        return linked.equals(to == null ? Path.of("") : to);
    }

    private static Verdict ok(final Dependency dependency)
    {
        return new Verdict(Occurrence.OK, dependency.range());
    }

    /**
     * Judges every declaration, then holds back the pins of hashed locks: a pin that must move, or whose
     * {@code .in} is flagged, is flagged for its lock to be regenerated, never rewritten by hand.
     */
    private static DriftGroup converge(final List<Dependency> group, final String proposed,
        final StringBuilder reason, final Map<String, HashedRequirements> locks, final Judge judge)
    {
        final List<Verdict> verdicts = new ArrayList<>();
        final Set<String> flaggedFiles = new HashSet<>();
        for (final Dependency dependency : group)
        {
            final Verdict verdict = judge.judge(dependency);
            verdicts.add(verdict);
            if (!Occurrence.OK.equals(verdict.status()))
            {
                flaggedFiles.add(dependency.file());
            }
        }
        final Set<String> noted = new HashSet<>();
        final List<Occurrence> occurrences = new ArrayList<>();
        for (int i = 0; i < group.size(); i++)
        {
            final Dependency dependency = group.get(i);
            Verdict verdict = verdicts.get(i);
            final HashedRequirements lock = locks.get(dependency.file());
            final boolean inputFlagged = lock != null && lock.source() != null && flaggedFiles.contains(lock.source());
            if (lock != null && (Occurrence.DRIFT.equals(verdict.status()) ||
                Occurrence.OK.equals(verdict.status()) && inputFlagged))
            {
                verdict = new Verdict(Occurrence.COMPILED, verdict.proposed());
                if (noted.add(lock.file()))
                {
                    final boolean named = lock.source() != null &&
                        group.stream().anyMatch(d -> d.file().equals(lock.source()));
                    reason.append("; ").append(lock.file()).append(" pins with hashes")
                        .append(lock.source() == null ? "" : " (compiled from " + lock.source() + ")")
                        .append(": --fix leaves it; ")
                        .append(lock.source() == null || named ? "" : lock.source() + " does not name " +
                            dependency.name() + ": constrain it there, then ")
                        .append(lock.regenerate());
                }
            }
            occurrences.add(occurrence(dependency, verdict.proposed(), verdict.status()));
        }
        final Dependency first = group.get(0);
        return new DriftGroup(first.ecosystem(), first.name(), proposed, reason.toString(), occurrences);
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
