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
