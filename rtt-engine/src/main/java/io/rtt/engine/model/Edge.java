package io.rtt.engine.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Who talks to whom: the component {@code from} calls the component {@code to}, with the evidence for it.
 *
 * @param from     id of the calling component.
 * @param to       id of the serving component.
 * @param evidence what was seen, sorted; never empty.
 */
public record Edge(String from, String to, List<Evidence> evidence) implements Comparable<Edge>
{
    private static final Comparator<Edge> ORDER = Comparator.comparing(Edge::from).thenComparing(Edge::to);

    /**
     * Validates the edge and sorts its evidence.
     */
    public Edge
    {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to))
        {
            throw new IllegalArgumentException("edge from a component to itself: " + from);
        }
        evidence = evidence.stream().sorted().distinct().toList();
        if (evidence.isEmpty())
        {
            throw new IllegalArgumentException("edge without evidence: " + from + " -> " + to);
        }
    }

    @Override
    public int compareTo(final Edge other)
    {
        return ORDER.compare(this, other);
    }
}
