package io.rtt.engine.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import io.rtt.engine.json.Json;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.telemetry.RouteWindow;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest
{
    private final CanaryJudge judge = new CanaryJudge(CanaryPolicy.DEFAULT);

    /** Latencies around 1 ms, right-skewed as service times are, scaled by a factor; seeded, so repeatable. */
    private static Histogram latencies(final long seed, final int samples, final double scale)
    {
        final Random random = new Random(seed);
        final Histogram histogram = RouteMetrics.newScratch();
        for (int i = 0; i < samples; i++)
        {
            histogram.recordValue((long)(scale * 1_000_000 * StrictMath.exp(0.3 * random.nextGaussian())));
        }
        return histogram;
    }

    private static CanaryArm arm(final long seed, final int samples, final double scale, final long failures)
    {
        return new CanaryArm(latencies(seed, samples, scale), samples, failures);
    }

    @Test
    void shouldPromoteACanaryLikeItsBaseline()
    {
        final CanaryVerdict verdict = judge.judge(arm(1, 2000, 1.0, 0), arm(2, 2000, 1.0, 0));

        assertEquals(CanaryVerdict.Decision.PROMOTE, verdict.decision(), verdict.explanation());
        assertFalse(verdict.slower());
        assertFalse(verdict.failsMore());
        assertTrue(verdict.latency().pValue() > 0.01);
        assertEquals(2000, verdict.canary().latencySamples());
        assertEquals("canary promoted: median latency 1.02 ms against the baseline's 0.999 ms (+1.6%, p = 0.212) " +
            "and errors 0.0% against 0.0% (p = 1): no difference is both significant at alpha 0.01 and as large as " +
            "the policy's minimum (latency +10.0%, errors +1.0 percentage point).", verdict.explanation());
    }

    @Test
    void shouldRejectACanaryHalfAgainAsSlow()
    {
        final CanaryVerdict verdict = judge.judge(arm(3, 400, 1.5, 0), arm(4, 400, 1.0, 0));

        assertEquals(CanaryVerdict.Decision.REJECT, verdict.decision());
        assertTrue(verdict.slower());
        assertFalse(verdict.failsMore());
        assertEquals(0.5, verdict.latencyShift(), 0.1);
        assertTrue(verdict.latency().pValue() < 1e-20);
        assertTrue(verdict.latency().probabilityOfSuperiority() > 0.8);
        assertEquals("canary rejected: its median latency 1.49 ms is 47.4% over the baseline's 1.01 ms (p99 3.1 ms " +
            "against 1.86 ms), and the rank-sum test over 400 and 400 samples finds it slower (U = 131291, " +
            "z = 15.69, p = 8.2e-56 < alpha 0.01); the policy rejects from a 10.0% rise.", verdict.explanation());
    }

    @Test
    void shouldRejectACanaryFailingOneRequestInFive()
    {
        final CanaryVerdict verdict = judge.judge(arm(5, 200, 1.0, 40), arm(6, 200, 1.0, 0));

        assertEquals(CanaryVerdict.Decision.REJECT, verdict.decision());
        assertTrue(verdict.failsMore());
        assertFalse(verdict.slower());
        assertEquals(new CanaryVerdict.Side(200, 40, 0.2, 200, verdict.canary().medianNs(), verdict.canary().p99Ns()),
            verdict.canary());
        assertEquals(0.2, verdict.errors().difference());
        assertEquals("canary rejected: 20.0% of its 200 requests failed (40) against 0.0% of the baseline's 200 " +
            "(0), 20.0 percentage points more (z = 6.67, p = 1.3e-11 < alpha 0.01); the policy rejects from 1.0 " +
            "percentage point.", verdict.explanation());
    }

    @Test
    void shouldWaitWhileASideHasTooFewSamples()
    {
        final CanaryVerdict verdict = judge.judge(arm(7, 30, 1.0, 0), arm(8, 400, 1.0, 0));

        assertEquals(CanaryVerdict.Decision.INCONCLUSIVE, verdict.decision());
        assertEquals("not enough samples yet: the canary has 30 requests (30 timed) and the baseline 400 " +
            "(400 timed); each side needs 50 of both before the canary is judged.", verdict.explanation());
        assertNotNull(verdict.latency());
    }

    @Test
    void shouldNotJudgeTheLatencyOfASideThatRecordedNone()
    {
        final CanaryVerdict verdict = judge.judge(new CanaryArm(RouteMetrics.newScratch(), 0, 0), arm(8, 400, 1.0, 0));

        assertEquals(CanaryVerdict.Decision.INCONCLUSIVE, verdict.decision());
        assertNull(verdict.latency());
        assertNull(verdict.errors());
        assertEquals(0, verdict.canary().medianNs());
    }

    @Test
    void shouldRejectOnErrorsEvenBeforeLatenciesAreEnough()
    {
        // requests that expire are never timed, yet their failures are enough to reject
        final CanaryVerdict verdict = judge.judge(new CanaryArm(latencies(9, 10, 1.0), 100, 90), arm(10, 100, 1.0, 0));

        assertEquals(CanaryVerdict.Decision.REJECT, verdict.decision());
        assertTrue(verdict.failsMore());
    }

    @Test
    void shouldPromoteADifferenceTooSmallToMatterHoweverSignificant()
    {
        final CanaryVerdict verdict = judge.judge(arm(11, 200_000, 1.03, 0), arm(12, 200_000, 1.0, 0));

        assertTrue(verdict.latency().pValue() < 1e-10, () -> "p=" + verdict.latency().pValue());
        assertTrue(verdict.latencyShift() < 0.1);
        assertEquals(CanaryVerdict.Decision.PROMOTE, verdict.decision(), verdict.explanation());
    }

    @Test
    void shouldJudgeAllEqualLatenciesWithoutNaN()
    {
        final Histogram canary = RouteMetrics.newScratch();
        final Histogram baseline = RouteMetrics.newScratch();
        canary.recordValueWithCount(250_000, 5000);
        baseline.recordValueWithCount(250_000, 7000);

        final CanaryVerdict verdict = judge.judge(new CanaryArm(canary, 5000, 0), new CanaryArm(baseline, 7000, 0));

        assertEquals(CanaryVerdict.Decision.PROMOTE, verdict.decision());
        assertEquals(new MannWhitney.Result(MannWhitney.Alternative.GREATER, 5000, 7000, 17_500_000, 0, 1, 0.5),
            verdict.latency());
        assertEquals(0.0, verdict.latencyShift());
        assertFalse(verdict.explanation().contains("NaN"), verdict.explanation());
        // every number can go into a signed frame: canonical JSON refuses NaN and infinities
        assertNotNull(Json.canonicalBytes(verdict));
    }

    @Test
    void shouldCountASideFromItsRouteWindowAsTheSloJudgeDoes()
    {
        final RouteWindow window = new RouteWindow("api->db", "shm", "sqlite", 30, 990, 0, 980, 9, 10, 0, 1, 0, 0, 0,
            0, 33, 0.3, new RouteWindow.Latency(0, 0, 0, 0, 0, 0), "closed");
        final CanaryArm arm = CanaryArm.of(window, RouteMetrics.newScratch());
        assertEquals(1000, arm.requests());
        assertEquals(20, arm.failures());
    }
}
