package io.rtt.engine.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where a fact was seen: a workspace-relative file, a 1-based line (0 when the whole file is the evidence), and
 * what was seen there.
 *
 * @param file workspace-relative path with {@code /} separators.
 * @param line 1-based line number, or 0 for the file as a whole.
 * @param seen the text or fact observed, e.g. {@code DATABASE_URL=postgres://db:5432/shop}.
 */
public record Evidence(String file, int line, String seen) implements Comparable<Evidence>
{
    private static final Comparator<Evidence> ORDER = Comparator.comparing(Evidence::file)
        .thenComparingInt(Evidence::line)
        .thenComparing(Evidence::seen);

    /**
     * Validates the evidence.
     */
    public Evidence
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(seen, "seen");
        if (line < 0)
        {
            throw new IllegalArgumentException("line < 0: " + line);
        }
    }

    @Override
    public int compareTo(final Evidence other)
    {
        return ORDER.compare(this, other);
    }
}
