package io.rtt.engine.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A dependency declared in a manifest: a package of some ecosystem, with the range the manifest asks for.
 *
 * @param ecosystem the package ecosystem: {@code npm}, {@code pypi}, {@code maven}, {@code go}, {@code cargo}.
 * @param name      the package name, normalised as the ecosystem does (PEP 503 for Python).
 * @param range     the version range as written, or {@code ""} if none was given.
 * @param scope     the dependency type: {@code prod}, {@code dev}, {@code peer}, {@code optional}, {@code build},
 *                  {@code test}, {@code managed}, {@code indirect}.
 * @param file      workspace-relative manifest path.
 * @param line      1-based line of the declaration.
 * @param via       the expression the range came from when it was resolved, e.g. {@code ${postgresql.version}},
 *                  or {@code null} when the range is written literally.
 * @param hashes    the artifact digests the manifest pins the dependency to, as written ({@code sha256:<hex>}, from
 *                  the {@code --hash} options of a pip-compile'd {@code requirements.txt}), or {@code null} when it
 *                  pins none; an empty list is taken as none, so a manifest without hashes keeps its index bytes.
 */
public record Dependency(
    String ecosystem, String name, String range, String scope, String file, int line, @Nullable String via,
    @Nullable List<String> hashes)
    implements Comparable<Dependency>
{
    /** Scope of a resolved version recorded in a lockfile rather than declared in a manifest. */
    public static final String LOCKED = "locked";

    private static final Comparator<Dependency> ORDER = Comparator.comparing(Dependency::ecosystem)
        .thenComparing(Dependency::name)
        .thenComparing(Dependency::file)
        .thenComparingInt(Dependency::line)
        .thenComparing(Dependency::scope)
        .thenComparing(Dependency::range);

    /**
     * Validates the dependency.
     */
    public Dependency
    {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(file, "file");
        if (line < 0)
        {
            throw new IllegalArgumentException("line < 0: " + line);
        }
        hashes = hashes == null || hashes.isEmpty() ? null : List.copyOf(hashes);
    }

    /**
     * A dependency that pins no artifact digest.
     *
     * @param ecosystem the package ecosystem.
     * @param name      the package name.
     * @param range     the version range as written.
     * @param scope     the dependency type.
     * @param file      workspace-relative manifest path.
     * @param line      1-based line of the declaration.
     * @param via       the expression the range came from, or {@code null} when it is written literally.
     */
    public Dependency(
        final String ecosystem, final String name, final String range, final String scope, final String file,
        final int line, final @Nullable String via)
    {
        this(ecosystem, name, range, scope, file, line, via, null);
    }

    /**
     * A dependency whose range is written literally.
     *
     * @param ecosystem the package ecosystem.
     * @param name      the package name.
     * @param range     the version range as written.
     * @param scope     the dependency type.
     * @param file      workspace-relative manifest path.
     * @param line      1-based line of the declaration.
     */
    public Dependency(
        final String ecosystem, final String name, final String range, final String scope, final String file,
        final int line)
    {
        this(ecosystem, name, range, scope, file, line, null, null);
    }

    @Override
    public int compareTo(final Dependency other)
    {
        return ORDER.compare(this, other);
    }
}
