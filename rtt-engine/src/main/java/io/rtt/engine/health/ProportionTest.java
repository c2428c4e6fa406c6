package io.rtt.engine.health;

/**
 * The two-proportion z-test, one-sided: does side A fail more often than side B? As Kayenta judges a canary's
 * error rate against its baseline's.
 * <p>
 * With {@code pA = failuresA / trialsA}, {@code pB} likewise and the pooled {@code p = (failuresA + failuresB) /
 * (trialsA + trialsB)}, {@code z = (pA - pB) / sqrt(p (1 - p) (1 / trialsA + 1 / trialsB))} and the p-value is the
 * normal upper tail of z. No continuity correction is applied (R's {@code prop.test} applies Yates' by default;
 * {@code correct = FALSE} matches this), so z squared is the Pearson chi-square statistic of the 2x2 table.
 * <p>
 * Stateless and thread-safe.
 */
public final class ProportionTest
{
    private ProportionTest()
    {
    }

    /**
     * What the test found.
     *
     * @param failuresA    failures on side A.
     * @param trialsA      trials on side A.
     * @param failuresB    failures on side B.
     * @param trialsB      trials on side B.
     * @param proportionA  {@code failuresA / trialsA}.
     * @param proportionB  {@code failuresB / trialsB}.
     * @param z            the normal score of {@code proportionA - proportionB}; 0 when neither side varies (no
     *                     failure anywhere, or nothing but failures).
     * @param pValue       the probability of a difference this large in A's disfavour if both sides failed equally
     *                     often; 1 when neither side varies.
     */
    public record Result(long failuresA, long trialsA, long failuresB, long trialsB, double proportionA,
        double proportionB, double z, double pValue)
    {
        /**
         * How much more often side A fails.
         *
         * @return {@code proportionA - proportionB}, in [-1, 1].
         */
        public double difference()
        {
            return proportionA - proportionB;
        }
    }

    /**
     * Tests whether side A fails more often than side B.
     *
     * @param failuresA failures on side A.
     * @param trialsA   trials on side A.
     * @param failuresB failures on side B.
     * @param trialsB   trials on side B.
     * @return the result.
     * @throws IllegalArgumentException when a side has no trial, or failures outside 0..trials.
     */
    public static Result greater(final long failuresA, final long trialsA, final long failuresB, final long trialsB)
    {
        if (trialsA < 1 || trialsB < 1 || failuresA < 0 || failuresB < 0 || failuresA > trialsA ||
            failuresB > trialsB)
        {
            throw new IllegalArgumentException("each side needs trials and 0 <= failures <= trials: failuresA=" +
                failuresA + ", trialsA=" + trialsA + ", failuresB=" + failuresB + ", trialsB=" + trialsB);
        }
        final double pA = (double)failuresA / trialsA;
        final double pB = (double)failuresB / trialsB;
        final double pooled = (double)(failuresA + failuresB) / (trialsA + trialsB);
        final double variance = pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB);
        if (!(variance > 0))
        {
            return new Result(failuresA, trialsA, failuresB, trialsB, pA, pB, 0, 1);
        }
        final double z = (pA - pB) / Math.sqrt(variance);
        return new Result(failuresA, trialsA, failuresB, trialsB, pA, pB, z, StandardNormal.upperTail(z));
    }
}
