package io.rtt.engine;

import java.util.Objects;

/**
 * The engine's one root exception. Its {@link Kind} tells a caller what to do next: the CLI maps each kind to an
 * exit code and the toolpack maps it to an {@code isError} tool result.
 */
public final class RttException extends RuntimeException
{
    /**
     * What went wrong, from the caller's point of view.
     */
    public enum Kind
    {
        /** The caller's input is malformed or names something that does not exist: fix the input and retry. */
        BAD_INPUT,
        /** The input is well formed but refused by policy, e.g. a path outside the workspace. */
        REFUSED,
        /** A file or system operation failed: check the environment (permissions, disk) and retry. */
        IO,
        /** A bug in RTT: report it. */
        INTERNAL
    }

    private final Kind kind;

    /**
     * Creates an exception of the given kind.
     *
     * @param kind    what went wrong.
     * @param message the rule broken and the values involved.
     */
    public RttException(final Kind kind, final String message)
    {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an exception of the given kind with its cause.
     *
     * @param kind    what went wrong.
     * @param message the rule broken and the values involved.
     * @param cause   the underlying failure.
     */
    public RttException(final Kind kind, final String message, final Throwable cause)
    {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * What went wrong.
     *
     * @return the kind of failure.
     */
    public Kind kind()
    {
        return kind;
    }
}
