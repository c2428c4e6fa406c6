package io.rtt.engine.deps.internal;

import java.util.Comparator;
import java.util.List;

/**
 * One ecosystem's version semantics: which specifiers are versions at all, what a specifier allows, which versions
 * it names, and how versions order.
 */
public interface VersionScheme
{
    /**
     * A parsed version specifier.
     *
     * @param text       the specifier as written.
     * @param mentioned  the concrete versions it names, candidates for the group's one version.
     * @param greediness how much the operator allows, to rank specifiers naming the same version
     *                   ({@code *} above {@code >=} above {@code ^} above {@code ~} above exact).
     * @param scheme     the scheme that parsed it.
     */
    record Spec(String text, List<String> mentioned, int greediness, VersionScheme scheme)
    {
        /**
         * Whether the specifier allows a version.
         *
         * @param version a concrete version of this ecosystem.
         * @return true if allowed.
         */
        public boolean allows(final String version)
        {
            return scheme.allows(this, version);
        }
    }

    /**
     * Parses a specifier.
     *
     * @param specifier the specifier as written in a manifest.
     * @return the spec, or {@code null} if it is not a version specifier (a path, URL, git reference, tag).
     */
    Spec parse(String specifier);

    /**
     * Whether a spec allows a version.
     *
     * @param spec    a spec this scheme parsed.
     * @param version a concrete version.
     * @return true if allowed.
     */
    boolean allows(Spec spec, String version);

    /**
     * The specifier in a spec's own style naming another version: the operator, the precision written and any
     * prefix stay, only the version moves, as syncpack's {@code with_node_version} moves one ({@code ~1.2.0} to
     * 1.4.1 is {@code ~1.4.1}, {@code ^1.2} is {@code ^1.4}, {@code ==3.1.0} is {@code ==3.2.1}).
     *
     * @param spec    a spec this scheme parsed.
     * @param version a concrete version of this ecosystem.
     * @return the moved specifier, which admits the version; or {@code null} when the spec's style names no single
     *         version (a compound or hyphen range, {@code *}, a bound such as {@code >} that cannot admit it).
     */
    String withVersion(Spec spec, String version);

    /**
     * The package a declaration installs: its own name, unless the specifier installs another package under it.
     *
     * @param name      the declared name.
     * @param specifier the specifier as written.
     * @return the package installed.
     */
    default String installs(final String name, final String specifier)
    {
        return name;
    }

    /**
     * The order of concrete versions, lowest first.
     *
     * @return the comparator.
     */
    Comparator<String> order();

    /**
     * The scheme of an ecosystem.
     *
     * @param ecosystem {@code npm}, {@code pypi}, {@code maven}, {@code cargo}, {@code go} or {@code nuget}.
     * @return the scheme, or {@code null} if RTT does not unify that ecosystem.
     */
    static VersionScheme of(final String ecosystem)
    {
        return switch (ecosystem)
        {
            case "npm" -> SemverScheme.NPM;
            case "cargo" -> SemverScheme.CARGO;
            case "go" -> GoScheme.INSTANCE;
            case "pypi" -> Pep440Scheme.INSTANCE;
            case "maven" -> MavenScheme.MAVEN;
            case "nuget" -> MavenScheme.NUGET;
            default -> null;
        };
    }
}
