package io.rtt.engine.health;

import java.util.Objects;

/**
 * What a route did against one of its objectives over a window.
 *
 * @param route     the route id.
 * @param objective the objective: {@code p50}, {@code p95}, {@code p99}, {@code errorRate} or
 *                  {@code minThroughput}.
 * @param observed  what the window shows, in {@code unit}; 0 when not judged and nothing was observed.
 * @param bound     the objective's bound, in {@code unit}.
 * @param unit      {@code ms}, {@code ppm} or {@code req/s}.
 * @param outcome   whether the route met it, or too little was seen to say.
 * @param sentence  the finding in words, with the numbers, e.g. "route api->db: p99 7.2 ms over its 5 ms objective
 *                  over the last 30.0 s (12 000 requests timed)".
 */
public record SloFinding(String route, String objective, double observed, double bound, String unit,
    Outcome outcome, String sentence)
{
    /**
     * Checks the finding.
     */
    public SloFinding
    {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(sentence, "sentence");
    }

    /**
     * The verdict on one objective.
     */
    public enum Outcome
    {
        /** The window meets the objective. */
        PASS,
        /** The window breaks the objective. */
        FAIL,
        /**
         * Too little traffic (or time) to say: the caller decides whether that passes a verify, or waits for more.
         */
        NOT_JUDGED
    }
}
