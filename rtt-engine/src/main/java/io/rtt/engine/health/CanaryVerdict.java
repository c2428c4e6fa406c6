package io.rtt.engine.health;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the canary judge decided and every number that decided it, to be written with the verdict.
 *
 * @param decision     promote, reject, or wait for more samples.
 * @param explanation  the decision in words, with the numbers that made it.
 * @param policy       the thresholds applied.
 * @param canary       the canary's figures.
 * @param baseline     the baseline's figures.
 * @param latencyShift the canary's median latency over the baseline's, less one: 0.5 is 50% slower; the baseline's
 *                     median counts as at least 1 ns.
 * @param latency      the rank-sum test of the canary's latencies against the baseline's, one-sided (canary slower);
 *                     {@code null} when a side has no latency recorded.
 * @param errors       the proportion test of the canary's failures against the baseline's, one-sided (canary
 *                     fails more); {@code null} when a side has no request.
 * @param slower       whether the latency difference rejects: enough samples, significant and at least the
 *                     policy's shift.
 * @param failsMore    whether the error difference rejects: enough requests, significant and at least the policy's
 *                     difference.
 */
public record CanaryVerdict(Decision decision, String explanation, CanaryPolicy policy, Side canary, Side baseline,
    double latencyShift, MannWhitney.@Nullable Result latency, ProportionTest.@Nullable Result errors, boolean slower,
    boolean failsMore)
{
    /**
     * Checks the verdict.
     */
    public CanaryVerdict
    {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(baseline, "baseline");
    }

    /**
     * What happens to the canary.
     */
    public enum Decision
    {
        /** No difference is both significant and large enough: the new route takes all the traffic. */
        PROMOTE,
        /** The canary is slower or fails more, significantly and by at least the policy's minimum: roll it back. */
        REJECT,
        /** A side has fewer samples than the policy asks for and nothing rejects yet: keep waiting. */
        INCONCLUSIVE
    }

    /**
     * One side's figures.
     *
     * @param requests       requests asked of it.
     * @param failures       those that failed.
     * @param errorRate      {@code failures / requests}, 0 without requests.
     * @param latencySamples latencies recorded.
     * @param medianNs       median latency, nanoseconds (the histogram bucket's highest value); 0 without samples.
     * @param p99Ns          99th percentile latency, nanoseconds; 0 without samples.
     */
    public record Side(long requests, long failures, double errorRate, long latencySamples, long medianNs, long p99Ns)
    {
    }
}
