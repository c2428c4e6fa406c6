package io.rtt.engine.match;

import java.util.Objects;

/**
 * One candidate a reference may mean, scored.
 *
 * @param candidate the candidate's id.
 * @param score     how sure the matcher is, from just above 0 to 1.
 * @param reason    why, in words: {@code answers to host db}, {@code abbreviation: cart-svc = cartservice}.
 */
public record Match(String candidate, double score, String reason)
{
    /**
     * Validates the match.
     */
    public Match
    {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(reason, "reason");
        if (!(score > 0 && score <= 1))
        {
            throw new IllegalArgumentException("score must be in (0, 1]: " + score);
        }
    }
}
