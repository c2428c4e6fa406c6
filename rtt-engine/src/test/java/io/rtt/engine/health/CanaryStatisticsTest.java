package io.rtt.engine.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import io.rtt.engine.telemetry.RouteMetrics;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The statistics behind the canary judge, against reference values computed independently with SciPy 1.17.1
 * (python3, scipy.stats) and against a direct pair count.
 */
class CanaryStatisticsTest
{
    /** A sample with many ties: 80 values in 1000..1100 and 60 in 990..1086. */
    private static final long[] TIED_A = new long[80];
    private static final long[] TIED_B = new long[60];

    static
    {
        for (int i = 0; i < TIED_A.length; i++)
        {
            TIED_A[i] = 1000 + (i * 37) % 101;
        }
        for (int j = 0; j < TIED_B.length; j++)
        {
            TIED_B[j] = 990 + (j * 53) % 97;
        }
    }

    private static void assertRelative(final double expected, final double actual, final double tolerance)
    {
        assertEquals(expected, actual, Math.abs(expected) * tolerance,
            () -> "expected " + expected + ", got " + actual);
    }

    /** U as its definition counts it: pairs where a is greater, ties one half. */
    private static double pairCount(final long[] a, final int aLength, final long[] b, final int bLength)
    {
        double u = 0;
        for (int i = 0; i < aLength; i++)
        {
            for (int j = 0; j < bLength; j++)
            {
                u += a[i] > b[j] ? 1 : a[i] == b[j] ? 0.5 : 0;
            }
        }
        return u;
    }

    @Test
    void shouldComputeNormalTailsToTwelveDigits()
    {
        // python3 -c "from scipy.stats import norm; [print(z, repr(float(norm.sf(z)))) for z in [-3, -1, 0, 0.5,
        //     1.959963984540054, 2.5, 2.5000001, 3, 5, 10, 20, 37]]"
        final double[][] reference = {
            {-3, 0.9986501019683699}, {-1, 0.8413447460685429}, {0, 0.5}, {0.5, 0.3085375387259869},
            {1.959963984540054, 0.025}, {2.5, 0.006209665325776132}, {2.5000001, 0.006209663572946309},
            {3, 0.0013498980316300933}, {5, 2.866515718791933e-07}, {10, 7.61985302416047e-24},
            {20, 2.7536241186061556e-89}, {37, 5.7255712225239266e-300}};
        for (final double[] point : reference)
        {
            assertRelative(point[1], StandardNormal.upperTail(point[0]), 1e-12);
            assertRelative(point[1], StandardNormal.cdf(-point[0]), 1e-12);
        }
        assertEquals(0.0, StandardNormal.upperTail(45));
        assertEquals(1.0, StandardNormal.upperTail(-45));
    }

    @Test
    void shouldMatchScipyOnTheTextbookExample()
    {
        // the example of scipy.stats.mannwhitneyu's documentation:
        // python3 -c "from scipy.stats import mannwhitneyu as m; print(m([19, 22, 16, 29, 24], [20, 11, 17, 12],
        //     alternative='greater', method='asymptotic', use_continuity=True))"  -> U 17, p 0.055673443266570206
        // two-sided: p 0.11134688653314041; z = norm.isf(p one-sided) = 1.592168332809066
        final long[] males = {19, 22, 16, 29, 24};
        final long[] females = {20, 11, 17, 12};
        final MannWhitney.Result greater = MannWhitney.test(males, 5, females, 4, MannWhitney.Alternative.GREATER);
        assertEquals(17.0, greater.u());
        assertRelative(1.592168332809066, greater.z(), 1e-12);
        assertRelative(0.055673443266570206, greater.pValue(), 1e-12);
        assertEquals(17.0 / 20, greater.probabilityOfSuperiority());

        final MannWhitney.Result twoSided = MannWhitney.test(males, 5, females, 4, MannWhitney.Alternative.TWO_SIDED);
        assertEquals(17.0, twoSided.u());
        assertRelative(0.11134688653314041, twoSided.pValue(), 1e-12);
    }

    @Test
    void shouldMatchScipyWithTiesCorrected()
    {
        // python3 -c "from scipy.stats import mannwhitneyu as m
        // a = [1000 + (i * 37) % 101 for i in range(80)]; b = [990 + (j * 53) % 97 for j in range(60)]
        // print(m(a, b, alternative='greater', method='asymptotic', use_continuity=True))"
        //     -> U 3061.0, p 0.002706746023429043 (two-sided: 0.005413492046858086); z = norm.isf(p) 2.7813405256318346
        final MannWhitney.Result greater = MannWhitney.test(TIED_A, 80, TIED_B, 60, MannWhitney.Alternative.GREATER);
        assertEquals(3061.0, greater.u());
        assertEquals(pairCount(TIED_A, 80, TIED_B, 60), greater.u());
        assertRelative(2.7813405256318346, greater.z(), 1e-12);
        assertRelative(0.002706746023429043, greater.pValue(), 1e-12);
        assertRelative(0.005413492046858086,
            MannWhitney.test(TIED_A, 80, TIED_B, 60, MannWhitney.Alternative.TWO_SIDED).pValue(), 1e-12);
        assertEquals(60 * 80 - 3061.0, MannWhitney.test(TIED_B, 60, TIED_A, 80, MannWhitney.Alternative.GREATER).u());
    }

    @Test
    void shouldCountUAsThePairsWhereOneSideIsGreater()
    {
        final Random random = new Random(11);
        final long[] a = new long[300];
        final long[] b = new long[200];
        for (int round = 0; round < 20; round++)
        {
            final int aLength = 1 + random.nextInt(a.length);
            final int bLength = 1 + random.nextInt(b.length);
            for (int i = 0; i < aLength; i++)
            {
                a[i] = random.nextInt(50);
            }
            for (int j = 0; j < bLength; j++)
            {
                b[j] = random.nextInt(60);
            }
            assertEquals(pairCount(a, aLength, b, bLength),
                MannWhitney.test(a, aLength, b, bLength, MannWhitney.Alternative.GREATER).u());
        }
    }

    @Test
    void shouldAgreeOnHistogramsWithTheSamplesRoundedToTheirBuckets()
    {
        final Random random = new Random(7);
        final Histogram histogramA = RouteMetrics.newScratch();
        final Histogram histogramB = RouteMetrics.newScratch();
        final long[] a = new long[5000];
        final long[] b = new long[4000];
        for (int i = 0; i < a.length; i++)
        {
            final long nanos = 200_000 + (long)(random.nextGaussian() * 20_000 + 20_000 * random.nextDouble());
            histogramA.recordValue(nanos);
            a[i] = histogramA.highestEquivalentValue(nanos);
        }
        for (int j = 0; j < b.length; j++)
        {
            final long nanos = 200_000 + (long)(random.nextGaussian() * 20_000 + 18_000 * random.nextDouble());
            histogramB.recordValue(nanos);
            b[j] = histogramB.highestEquivalentValue(nanos);
        }
        for (final MannWhitney.Alternative alternative : MannWhitney.Alternative.values())
        {
            assertEquals(MannWhitney.test(a, a.length, b, b.length, alternative),
                MannWhitney.test(histogramA, histogramB, alternative));
        }
    }

    @Test
    void shouldJudgeAllTiedValuesAsNoDifferenceRatherThanNaN()
    {
        final Histogram a = RouteMetrics.newScratch();
        final Histogram b = RouteMetrics.newScratch();
        a.recordValueWithCount(1_000_000, 3_000_000);
        b.recordValueWithCount(1_000_000, 2_000_000);
        final MannWhitney.Result result = MannWhitney.test(a, b, MannWhitney.Alternative.GREATER);
        assertEquals(new MannWhitney.Result(MannWhitney.Alternative.GREATER, 3_000_000, 2_000_000, 3e12, 0, 1, 0.5),
            result);
    }

    @Test
    void shouldRefuseHistogramsThatBucketValuesDifferently()
    {
        final Histogram a = new Histogram(1, 1_000_000, 2);
        final Histogram b = new Histogram(1, 1_000_000, 3);
        a.recordValue(5);
        b.recordValue(5);
        assertEquals("histograms of different precision bucket values differently, so their ties mean nothing: " +
            "lowest discernible 1 and 1, significant digits 2 and 3", assertThrows(IllegalArgumentException.class,
                () -> MannWhitney.test(a, b, MannWhitney.Alternative.GREATER)).getMessage());
        assertEquals("each side needs at least one value: a=1, b=0", assertThrows(IllegalArgumentException.class,
            () -> MannWhitney.test(a, new Histogram(1, 1_000_000, 2), MannWhitney.Alternative.GREATER)).getMessage());
    }

    @Test
    void shouldMatchThePearsonChiSquareOnTwoProportions()
    {
        // python3 -c "from scipy.stats import chi2_contingency as c
        // [print(t, c(t, correction=False)[:2]) for t in [[[40, 160], [0, 200]], [[12, 388], [5, 395]],
        //     [[3, 997], [9, 991]]]]"
        // z^2 is the chi-square statistic, and the one-sided p is half its p-value when the canary fails more
        final ProportionTest.Result worse = ProportionTest.greater(40, 200, 0, 200);
        assertRelative(Math.sqrt(44.44444444444444), worse.z(), 1e-12);
        assertRelative(2.6167849372106072e-11 / 2, worse.pValue(), 1e-9);
        assertEquals(0.2, worse.difference());

        final ProportionTest.Result slightly = ProportionTest.greater(12, 400, 5, 400);
        assertRelative(Math.sqrt(2.944932762376981), slightly.z(), 1e-12);
        assertRelative(0.08614728414455379 / 2, slightly.pValue(), 1e-12);

        final ProportionTest.Result better = ProportionTest.greater(3, 1000, 9, 1000);
        assertRelative(-Math.sqrt(3.0181086519114686), better.z(), 1e-12);
        assertRelative(1 - 0.08233944306062302 / 2, better.pValue(), 1e-12);
    }

    @Test
    void shouldJudgeTwoProportionsWithoutVariationAsNoDifference()
    {
        assertEquals(new ProportionTest.Result(0, 100, 0, 50, 0, 0, 0, 1), ProportionTest.greater(0, 100, 0, 50));
        assertEquals(new ProportionTest.Result(7, 7, 9, 9, 1, 1, 0, 1), ProportionTest.greater(7, 7, 9, 9));
        assertEquals("each side needs trials and 0 <= failures <= trials: failuresA=3, trialsA=2, failuresB=0, " +
            "trialsB=5", assertThrows(IllegalArgumentException.class, () -> ProportionTest.greater(3, 2, 0, 5))
                .getMessage());
    }
}
