package io.rtt.engine.health;

import java.util.Arrays;
import java.util.Iterator;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) of two samples, as Kayenta compares a canary with its baseline: does
 * one side tend to take longer than the other, whatever the shape of the distributions?
 * <p>
 * Both samples are ranked together; tied values share the mean of their ranks. {@code U} of side A is its rank sum
 * less {@code nA (nA + 1) / 2}: the number of (a, b) pairs where a is greater, ties counting one half. Its p-value
 * comes from the normal approximation with the tie-corrected variance
 * {@code nA nB / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1)))} and a continuity correction of one half, as
 * {@code scipy.stats.mannwhitneyu(method='asymptotic', use_continuity=True)} computes it. The exact small-sample
 * distribution is not computed: the approximation is rough below about 20 samples a side, which is why
 * {@link CanaryPolicy} asks for at least that many.
 * <p>
 * Two inputs: arrays of samples, sorted here (memory bounded by the caller's arrays); or two HdrHistograms, whose
 * recorded buckets are merged in ascending order, in memory bounded by the histograms' size whatever the number of
 * samples. Values in one bucket are equal to the histogram, so they tie: the result is exact for the recorded
 * resolution, and equal to the array version run on the samples rounded to their buckets.
 * <p>
 * Stateless and thread-safe.
 */
public final class MannWhitney
{
    private MannWhitney()
    {
    }

    /**
     * Which difference the test looks for.
     */
    public enum Alternative
    {
        /** Either side tends to be greater than the other. */
        TWO_SIDED,
        /** Side A tends to be greater than side B: with the canary as A and latencies, "the canary is slower". */
        GREATER
    }

    /**
     * What the test found.
     *
     * @param alternative             the difference looked for.
     * @param samplesA                samples on side A.
     * @param samplesB                samples on side B.
     * @param u                       U of side A: pairs where A is greater, ties counting one half.
     * @param z                       the normal score the p-value is read from, continuity-corrected: of U of side A
     *                                for {@link Alternative#GREATER}, of the larger of the two sides' U for
     *                                {@link Alternative#TWO_SIDED}; 0 when every value ties.
     * @param pValue                  the probability of a U this extreme if both sides came from one distribution;
     *                                1 when every value ties.
     * @param probabilityOfSuperiority {@code u / (samplesA samplesB)}: the chance a random A exceeds a random B,
     *                                ties counting one half; 0.5 means no tendency (the common-language effect size).
     */
    public record Result(Alternative alternative, long samplesA, long samplesB, double u, double z, double pValue,
        double probabilityOfSuperiority)
    {
    }

    /**
     * Tests two arrays of samples.
     *
     * @param a           side A's samples, in its first {@code aLength} slots; not modified.
     * @param aLength     samples of side A.
     * @param b           side B's samples, in its first {@code bLength} slots; not modified.
     * @param bLength     samples of side B.
     * @param alternative the difference looked for.
     * @return the result.
     * @throws IllegalArgumentException when a side has no sample or a length exceeds its array.
     */
    public static Result test(final long[] a, final int aLength, final long[] b, final int bLength,
        final Alternative alternative)
    {
        if (aLength < 1 || bLength < 1 || aLength > a.length || bLength > b.length)
        {
            throw new IllegalArgumentException("each side needs at least one sample, within its array: aLength=" +
                aLength + " of " + a.length + ", bLength=" + bLength + " of " + b.length);
        }
        final long[] sortedA = Arrays.copyOf(a, aLength);
        final long[] sortedB = Arrays.copyOf(b, bLength);
        Arrays.sort(sortedA);
        Arrays.sort(sortedB);
        final RankSum ranks = new RankSum();
        int i = 0;
        int j = 0;
        while (i < aLength || j < bLength)
        {
            final long value = j == bLength || (i < aLength && sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
            final int fromA = i;
            final int fromB = j;
            while (i < aLength && sortedA[i] == value)
            {
                i++;
            }
            while (j < bLength && sortedB[j] == value)
            {
                j++;
            }
            ranks.add(i - fromA, j - fromB);
        }
        return ranks.result(alternative);
    }

    /**
     * Tests the values recorded in two histograms of the same precision.
     *
     * @param a           side A's values.
     * @param b           side B's values.
     * @param alternative the difference looked for.
     * @return the result.
     * @throws IllegalArgumentException when a side has no value, or the histograms bucket values differently (their
     *                                  lowest discernible values or significant digits differ).
     */
    public static Result test(final AbstractHistogram a, final AbstractHistogram b, final Alternative alternative)
    {
        if (a.getLowestDiscernibleValue() != b.getLowestDiscernibleValue() ||
            a.getNumberOfSignificantValueDigits() != b.getNumberOfSignificantValueDigits())
        {
            throw new IllegalArgumentException("histograms of different precision bucket values differently, so " +
                "their ties mean nothing: lowest discernible " + a.getLowestDiscernibleValue() + " and " +
                b.getLowestDiscernibleValue() + ", significant digits " + a.getNumberOfSignificantValueDigits() +
                " and " + b.getNumberOfSignificantValueDigits());
        }
        if (a.getTotalCount() < 1 || b.getTotalCount() < 1)
        {
            throw new IllegalArgumentException("each side needs at least one value: a=" + a.getTotalCount() +
                ", b=" + b.getTotalCount());
        }
        final Iterator<HistogramIterationValue> itA = a.recordedValues().iterator();
        final Iterator<HistogramIterationValue> itB = b.recordedValues().iterator();
        final RankSum ranks = new RankSum();
        // the iterators reuse their value object, so each side's bucket is copied out before the next step
        long valueA = Long.MAX_VALUE;
        long countA = 0;
        long valueB = Long.MAX_VALUE;
        long countB = 0;
        boolean moreA = true;
        boolean moreB = true;
        while (true)
        {
            if (countA == 0 && moreA)
            {
                moreA = itA.hasNext();
                if (moreA)
                {
                    final HistogramIterationValue bucket = itA.next();
                    valueA = bucket.getValueIteratedTo();
                    countA = bucket.getCountAddedInThisIterationStep();
                }
            }
            if (countB == 0 && moreB)
            {
                moreB = itB.hasNext();
                if (moreB)
                {
                    final HistogramIterationValue bucket = itB.next();
                    valueB = bucket.getValueIteratedTo();
                    countB = bucket.getCountAddedInThisIterationStep();
                }
            }
            if (countA == 0 && countB == 0)
            {
                break;
            }
            final long value = Math.min(countA == 0 ? Long.MAX_VALUE : valueA, countB == 0 ? Long.MAX_VALUE : valueB);
            final long tiedA = countA > 0 && valueA == value ? countA : 0;
            final long tiedB = countB > 0 && valueB == value ? countB : 0;
            ranks.add(tiedA, tiedB);
            countA -= tiedA;
            countB -= tiedB;
        }
        return ranks.result(alternative);
    }

    /** Ranks groups of tied values, fed in ascending order, and sums side A's. */
    private static final class RankSum
    {
        private long samplesA;
        private long samplesB;
        private double rankSumA;
        /** sum of t^3 - t over the tie groups, in double: t^3 outgrows a long at two million ties. */
        private double tieTerm;

        void add(final long tiedA, final long tiedB)
        {
            final long tied = tiedA + tiedB;
            final double meanRank = samplesA + samplesB + (tied + 1) / 2.0;
            rankSumA += tiedA * meanRank;
            tieTerm += (double)tied * tied * tied - tied;
            samplesA += tiedA;
            samplesB += tiedB;
        }

        Result result(final Alternative alternative)
        {
            final double nA = samplesA;
            final double nB = samplesB;
            final double n = nA + nB;
            final double u = rankSumA - nA * (nA + 1) / 2;
            final double mean = nA * nB / 2;
            final double variance = nA * nB / 12 * ((n + 1) - tieTerm / (n * (n - 1)));
            final double superiority = u / (nA * nB);
            if (!(variance > 0))
            {
                return new Result(alternative, samplesA, samplesB, u, 0, 1, superiority); // every value tied
            }
            final double sd = Math.sqrt(variance);
            if (alternative == Alternative.GREATER)
            {
                final double z = (u - mean - 0.5) / sd;
                return new Result(alternative, samplesA, samplesB, u, z, StandardNormal.upperTail(z), superiority);
            }
            final double z = (Math.max(u, nA * nB - u) - mean - 0.5) / sd;
            return new Result(alternative, samplesA, samplesB, u, z, Math.min(1.0, 2 * StandardNormal.upperTail(z)),
                superiority);
        }
    }
}
