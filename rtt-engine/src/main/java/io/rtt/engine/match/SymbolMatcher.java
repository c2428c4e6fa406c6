package io.rtt.engine.match;

import java.util.List;

/**
 * Decides which component a reference means. The scan asks wherever a reference is not settled by construction: a
 * host in an address, a workload's name against the packages of the tree, a client library against the datastores
 * of its technology. What the matcher decides, the scan does: an edge or a merge for a match, a diagnostic for
 * none or for several.
 * <p>
 * A matcher is deterministic for the same reference and candidates, and thread-safe: the scan may ask from several
 * threads.
 */
public interface SymbolMatcher
{
    /**
     * The matcher's name, recorded as {@link MatchResult#via()} in its results.
     *
     * @return e.g. {@code heuristic}.
     */
    String name();

    /**
     * What the scan's cache keys its answers on: a matcher whose answers change for the same input (another model,
     * another configuration) gives another identity.
     *
     * @return by default, the {@link #name()}.
     */
    default String identity()
    {
        return name();
    }

    /**
     * Ranks the candidates a reference may mean and decides.
     *
     * @param reference  what the scan found.
     * @param candidates the components it may mean, in the caller's order; ties keep that order.
     * @return the matches, best first, and the decision.
     */
    MatchResult match(Reference reference, List<Candidate> candidates);
}
