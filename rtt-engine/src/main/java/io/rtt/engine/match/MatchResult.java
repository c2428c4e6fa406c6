package io.rtt.engine.match;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a matcher made of a reference: the candidates it may mean, best first, and the decision.
 *
 * @param ranked   the plausible candidates, best first; may hold suggestions when nothing matched.
 * @param decision whether one candidate, several or none was matched.
 * @param via      the name of the matcher that decided, e.g. {@code heuristic}.
 */
public record MatchResult(List<Match> ranked, Decision decision, String via)
{
    /**
     * What the matcher decided.
     */
    public enum Decision
    {
        /** One candidate, the first ranked: the caller acts on it. */
        MATCHED,
        /** Several candidates, those tied at the top score, with nothing to choose between them. */
        AMBIGUOUS,
        /** No candidate is sure enough; the ranked ones, if any, are only suggestions. */
        UNMATCHED
    }

    /**
     * Validates the result and copies the ranking.
     */
    public MatchResult
    {
        ranked = List.copyOf(ranked);
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(via, "via");
        if (decision == Decision.MATCHED && ranked.isEmpty())
        {
            throw new IllegalArgumentException("a match needs a ranked candidate");
        }
        if (decision == Decision.AMBIGUOUS && (ranked.size() < 2 || ranked.get(1).score() != ranked.get(0).score()))
        {
            throw new IllegalArgumentException("an ambiguity needs two candidates tied at the top: " + ranked);
        }
    }

    /**
     * The candidate matched.
     *
     * @return the first ranked when the decision is {@link Decision#MATCHED}, else empty.
     */
    public Optional<Match> chosen()
    {
        return decision == Decision.MATCHED ? Optional.of(ranked.get(0)) : Optional.empty();
    }

    /**
     * The candidates tied at the top score.
     *
     * @return those the matcher could not choose between when the decision is {@link Decision#AMBIGUOUS}, in rank
     *         order; else empty.
     */
    public List<Match> tied()
    {
        return decision != Decision.AMBIGUOUS ? List.of() :
            ranked.stream().filter(m -> m.score() == ranked.get(0).score()).toList();
    }
}
