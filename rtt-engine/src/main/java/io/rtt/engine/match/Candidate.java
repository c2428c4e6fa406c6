package io.rtt.engine.match;

import java.util.List;
import java.util.Objects;

/**
 * A component a reference may mean.
 *
 * @param id         how the caller knows it; returned in matches, never compared.
 * @param name       its declared name.
 * @param aliases    other names it answers to: the host names it has on the network (a host resolves only through
 *                   these), a package's directory name.
 * @param technology what it runs as ({@code postgres}), or {@code null}.
 */
public record Candidate(String id, String name, List<String> aliases, String technology)
{
    /**
     * Validates the candidate and copies its aliases.
     */
    public Candidate
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
    }
}
