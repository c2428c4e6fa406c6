package io.rtt.engine.verify;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a verify found: every check, passed or not, in the order they ran.
 *
 * @param passed        whether no check failed.
 * @param headSeq       the WAL frame verified against; 0 for an empty log.
 * @param headGraph     that frame's graph digest.
 * @param windowSeconds the window the objectives were judged on, in seconds.
 * @param durationMs    how long the verify took, in milliseconds.
 * @param checks        every check.
 * @param recording     the flight recording the running panel dumped because the verify failed, or null.
 */
public record VerifyReport(boolean passed, long headSeq, String headGraph, int windowSeconds, long durationMs,
    List<Check> checks, @Nullable String recording)
{
    /**
     * Checks the report and freezes its checks.
     */
    public VerifyReport
    {
        Objects.requireNonNull(headGraph, "headGraph");
        checks = List.copyOf(checks);
    }

    /**
     * The checks that failed.
     *
     * @return them, in the order they ran.
     */
    public List<Check> failures()
    {
        return checks.stream().filter(c -> c.outcome() == Outcome.FAIL).toList();
    }

    /** How a check came out. */
    public enum Outcome
    {
        /** It holds. */
        PASS,
        /** It does not hold: the verify fails. */
        FAIL,
        /** It could not be judged (too little traffic for a quantile, no driver for the route yet): said, not failed. */
        NOT_JUDGED
    }

    /**
     * One check.
     *
     * @param name    what was checked: {@code log}, {@code graph}, {@code panel}, {@code live}, {@code breaker}, or
     *                an objective ({@code p50}, {@code p95}, {@code p99}, {@code errorRate}, {@code minRps}).
     * @param route   the route checked, or null for a check of the whole workspace.
     * @param outcome how it came out.
     * @param detail  what was found, with its numbers and, for a failure, the bound.
     */
    public record Check(String name, @Nullable String route, Outcome outcome, String detail)
    {
        /**
         * Checks the fields.
         */
        public Check
        {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
