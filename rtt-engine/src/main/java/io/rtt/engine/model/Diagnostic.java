package io.rtt.engine.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * A problem found while reading the workspace: the file, the line and what is wrong. The work goes on.
 *
 * @param file     workspace-relative path.
 * @param line     1-based line, or 0 when the problem is with the file as a whole.
 * @param severity {@code error}, {@code warning} or {@code info}.
 * @param message  what is wrong, in words.
 */
public record Diagnostic(String file, int line, String severity, String message) implements Comparable<Diagnostic>
{
    /** A file that could not be read or parsed. */
    public static final String ERROR = "error";
    /** Something suspicious that RTT worked around. */
    public static final String WARNING = "warning";
    /** How a file was read, e.g. best effort; not a problem with it. */
    public static final String INFO = "info";

    private static final Comparator<Diagnostic> ORDER = Comparator.comparing(Diagnostic::file)
        .thenComparingInt(Diagnostic::line)
        .thenComparing(Diagnostic::severity)
        .thenComparing(Diagnostic::message);

    /**
     * Validates the diagnostic.
     */
    public Diagnostic
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (line < 0)
        {
            throw new IllegalArgumentException("line < 0: " + line);
        }
    }

    @Override
    public int compareTo(final Diagnostic other)
    {
        return ORDER.compare(this, other);
    }
}
