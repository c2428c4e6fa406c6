package io.rtt.engine.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.HdrHistogram.AbstractHistogram;

/**
 * Judges a canary against its baseline as Kayenta does: a Mann-Whitney U test on latencies ("is the canary
 * slower?") and a two-proportion z-test on errors ("does it fail more?"), both one-sided at the policy's alpha.
 * <p>
 * A difference rejects the canary only when it is significant AND at least the policy's minimum effect: the
 * canary's median at least {@link CanaryPolicy#minLatencyShift} over the baseline's, or its error rate at least
 * {@link CanaryPolicy#minErrorRateDifference} over it. On a large sample a 1% difference is significant, and not
 * worth a rollback. The effect size reported is the ratio of medians ({@link CanaryVerdict#latencyShift}) with the
 * rank-sum's probability of superiority; the Hodges-Lehmann shift is not computed.
 * <p>
 * The verdict is {@link CanaryVerdict.Decision#REJECT} as soon as a test rejects on enough samples (the error test
 * needs {@link CanaryPolicy#minSamples} requests a side, the latency test that many latencies);
 * {@link CanaryVerdict.Decision#INCONCLUSIVE} while a side has fewer, so the caller keeps waiting;
 * {@link CanaryVerdict.Decision#PROMOTE} otherwise.
 * <p>
 * Stateless once built and thread-safe; it reads the histograms it is given, so the caller must not record into
 * them during {@link #judge}.
 */
public final class CanaryJudge
{
    private final CanaryPolicy policy;

    /**
     * A judge applying a policy.
     *
     * @param policy the thresholds.
     */
    public CanaryJudge(final CanaryPolicy policy)
    {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The policy applied.
     *
     * @return the thresholds.
     */
    public CanaryPolicy policy()
    {
        return policy;
    }

    /**
     * Judges a canary against its baseline over the same period.
     *
     * @param canary   the canary's latencies and counts.
     * @param baseline the baseline's.
     * @return the verdict, with its numbers.
     * @throws IllegalArgumentException when the two histograms bucket values differently.
     */
    public CanaryVerdict judge(final CanaryArm canary, final CanaryArm baseline)
    {
        final CanaryVerdict.Side canarySide = side(canary);
        final CanaryVerdict.Side baselineSide = side(baseline);
        final MannWhitney.Result latency = canarySide.latencySamples() > 0 && baselineSide.latencySamples() > 0 ?
            MannWhitney.test(canary.latenciesNs(), baseline.latenciesNs(), MannWhitney.Alternative.GREATER) : null;
        final ProportionTest.Result errors = canary.requests() > 0 && baseline.requests() > 0 ?
            ProportionTest.greater(canary.failures(), canary.requests(), baseline.failures(), baseline.requests()) :
            null;
        final double shift = (double)(canarySide.medianNs() - baselineSide.medianNs()) /
            Math.max(baselineSide.medianNs(), 1);

        final long minSamples = policy.minSamples();
        final boolean enoughRequests = canary.requests() >= minSamples && baseline.requests() >= minSamples;
        final boolean enoughLatencies = canarySide.latencySamples() >= minSamples &&
            baselineSide.latencySamples() >= minSamples;
        final boolean slower = enoughLatencies && latency != null && latency.pValue() < policy.alpha() &&
            shift >= policy.minLatencyShift();
        final boolean failsMore = enoughRequests && errors != null && errors.pValue() < policy.alpha() &&
            errors.difference() >= policy.minErrorRateDifference();

        final CanaryVerdict.Decision decision;
        final String explanation;
        if (slower || failsMore)
        {
            decision = CanaryVerdict.Decision.REJECT;
            final List<String> reasons = new ArrayList<>(2);
            if (slower)
            {
                reasons.add(slowerReason(canarySide, baselineSide, shift, latency));
            }
            if (failsMore)
            {
                reasons.add(failsMoreReason(errors));
            }
            explanation = "canary rejected: " + String.join("; and ", reasons) + ".";
        }
        else if (!enoughRequests || !enoughLatencies)
        {
            decision = CanaryVerdict.Decision.INCONCLUSIVE;
            explanation = "not enough samples yet: the canary has " + Figures.count(canary.requests()) +
                " requests (" + Figures.count(canarySide.latencySamples()) + " timed) and the baseline " +
                Figures.count(baseline.requests()) + " (" + Figures.count(baselineSide.latencySamples()) +
                " timed); each side needs " + Figures.count(minSamples) + " of both before the canary is judged.";
        }
        else
        {
            decision = CanaryVerdict.Decision.PROMOTE;
            explanation = promoteReason(canarySide, baselineSide, shift, latency, errors);
        }
        return new CanaryVerdict(decision, explanation, policy, canarySide, baselineSide, shift, latency, errors,
            slower, failsMore);
    }

    private static CanaryVerdict.Side side(final CanaryArm arm)
    {
        final AbstractHistogram latencies = arm.latenciesNs();
        final long samples = latencies.getTotalCount();
        return new CanaryVerdict.Side(arm.requests(), arm.failures(),
            arm.requests() == 0 ? 0 : (double)arm.failures() / arm.requests(), samples,
            samples == 0 ? 0 : latencies.getValueAtPercentile(50),
            samples == 0 ? 0 : latencies.getValueAtPercentile(99));
    }

    private String slowerReason(final CanaryVerdict.Side canary, final CanaryVerdict.Side baseline, final double shift,
        final MannWhitney.Result latency)
    {
        return "its median latency " + Figures.millis(canary.medianNs()) + " is " + Figures.percent(shift) +
            " over the baseline's " + Figures.millis(baseline.medianNs()) + " (p99 " + Figures.millis(canary.p99Ns()) +
            " against " + Figures.millis(baseline.p99Ns()) + "), and the rank-sum test over " +
            Figures.count(latency.samplesA()) + " and " + Figures.count(latency.samplesB()) +
            " samples finds it slower (U = " + Figures.decimals(latency.u(), 1) + ", z = " +
            Figures.decimals(latency.z(), 2) + ", p = " + Figures.probability(latency.pValue()) + " < alpha " +
            Figures.value(policy.alpha()) + "); the policy rejects from a " +
            Figures.percent(policy.minLatencyShift()) + " rise";
    }

    private String failsMoreReason(final ProportionTest.Result errors)
    {
        return Figures.percent(errors.proportionA()) + " of its " + Figures.count(errors.trialsA()) +
            " requests failed (" + Figures.count(errors.failuresA()) + ") against " +
            Figures.percent(errors.proportionB()) + " of the baseline's " + Figures.count(errors.trialsB()) + " (" +
            Figures.count(errors.failuresB()) + "), " + points(errors.difference()) + " more (z = " +
            Figures.decimals(errors.z(), 2) + ", p = " + Figures.probability(errors.pValue()) + " < alpha " +
            Figures.value(policy.alpha()) + "); the policy rejects from " +
            points(policy.minErrorRateDifference());
    }

    private String promoteReason(final CanaryVerdict.Side canary, final CanaryVerdict.Side baseline,
        final double shift, final MannWhitney.Result latency, final ProportionTest.Result errors)
    {
        return "canary promoted: median latency " + Figures.millis(canary.medianNs()) + " against the baseline's " +
            Figures.millis(baseline.medianNs()) + " (" + String.format(Locale.ROOT, "%+.1f%%", shift * 100) +
            ", p = " + Figures.probability(latency.pValue()) + ") and errors " + Figures.percent(canary.errorRate()) +
            " against " + Figures.percent(baseline.errorRate()) + " (p = " + Figures.probability(errors.pValue()) +
            "): no difference is both significant at alpha " + Figures.value(policy.alpha()) +
            " and as large as the policy's minimum (latency +" + Figures.percent(policy.minLatencyShift()) +
            ", errors +" + points(policy.minErrorRateDifference()) + ").";
    }

    private static String points(final double difference)
    {
        return String.format(Locale.ROOT, "%.1f percentage point%s", difference * 100,
            Math.abs(difference * 100 - 1) < 1e-9 ? "" : "s");
    }
}
