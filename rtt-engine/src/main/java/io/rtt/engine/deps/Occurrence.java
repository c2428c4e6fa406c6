package io.rtt.engine.deps;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One declaration of a dependency in a manifest, with what the doctor proposes for it.
 *
 * @param file     workspace-relative manifest path.
 * @param line     1-based line of the declaration.
 * @param path     where in the manifest: {@code devDependencies}, {@code project.dependencies},
 *                 {@code properties/postgresql.version}...
 * @param current  the specifier as written.
 * @param proposed the specifier it should have.
 * @param status   {@code ok}, {@code drift} (will be rewritten), {@code non-semver} (left alone),
 *                 {@code unfixable}, {@code compiled} (a lock to regenerate), {@code ignored} or {@code banned}.
 * @param via      the property the version comes from, or {@code null}.
 */
public record Occurrence(
    String file, int line, String path, String current, String proposed, String status, @Nullable String via)
    implements Comparable<Occurrence>
{
    /** Already as proposed. */
    public static final String OK = "ok";
    /** Differs from the proposal; {@code --fix} rewrites it. */
    public static final String DRIFT = "drift";
    /** Not a version specifier (path, URL, git, tag); compared only with its own kind. */
    public static final String NON_SEMVER = "non-semver";
    /**
     * Differs, and no rewrite keeps its style: a path, URL or compound range, or a peer range that excludes the
     * version chosen. Change it by hand; {@code --fix} leaves it.
     */
    public static final String UNFIXABLE = "unfixable";
    /**
     * Pinned in a requirements file locked with hashes ({@code pip-compile --generate-hashes}) that must move, or
     * whose {@code .in} moves. {@code --fix} leaves it, since a version edited by hand breaks its hashes; the group's
     * reason names the command that regenerates it.
     */
    public static final String COMPILED = "compiled";
    /** Left alone by policy. */
    public static final String IGNORED = "ignored";
    /** Forbidden by policy. */
    public static final String BANNED = "banned";

    /**
     * Validates the occurrence.
     */
    public Occurrence
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Whether this declaration is flagged: it differs from the proposal or is forbidden.
     *
     * @return true for drift, unfixable, compiled and banned.
     */
    public boolean flagged()
    {
        return DRIFT.equals(status) || UNFIXABLE.equals(status) || COMPILED.equals(status) || BANNED.equals(status);
    }

    @Override
    public int compareTo(final Occurrence other)
    {
        final int c = file.compareTo(other.file);
        return c != 0 ? c : Integer.compare(line, other.line);
    }
}
