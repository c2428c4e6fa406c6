package io.rtt.engine.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.rtt.engine.model.Slo;
import io.rtt.engine.telemetry.RouteWindow;
import org.junit.jupiter.api.Test;

class SloJudgeTest
{
    private static RouteWindow window(final double seconds, final long requests, final long errors,
        final long rejected, final long expired, final RouteWindow.Latency latency)
    {
        return new RouteWindow("api->db", "shm", "sqlite", seconds, requests, 0, requests - errors - expired, errors,
            rejected, 3, expired, 0, 0, requests * 100, requests * 80, requests / seconds, errors / seconds, latency,
            "closed");
    }

    private static RouteWindow.Latency latency(final long samples, final double p50Us, final double p95Us,
        final double p99Us)
    {
        return new RouteWindow.Latency(samples, p50Us, p95Us, p99Us, p99Us * 1.5, p99Us * 2);
    }

    @Test
    void shouldFailAQuantileOverItsObjectiveNamingTheNumbers()
    {
        final List<SloFinding> findings = SloJudge.judge(window(30, 12_000, 0, 0, 0, latency(12_000, 800, 3100, 7200)),
            new Slo(1, 0, 5, 0));

        assertEquals(List.of(
            new SloFinding("api->db", "p50", 0.8, 1, "ms", SloFinding.Outcome.PASS,
                "route api->db: p50 0.8 ms within its 1 ms objective over the last 30.0 s (12 000 messages timed)"),
            new SloFinding("api->db", "p99", 7.2, 5, "ms", SloFinding.Outcome.FAIL,
                "route api->db: p99 7.2 ms over its 5 ms objective over the last 30.0 s (12 000 messages timed)")),
            findings);
    }

    @Test
    void shouldNotPrintAValueJustOverItsBoundAsEqualToIt()
    {
        assertEquals(new SloFinding("api->db", "p95", 5.0004, 5, "ms", SloFinding.Outcome.FAIL,
            "route api->db: p95 5.0004 ms over its 5 ms objective over the last 10.0 s (500 messages timed)"),
            SloJudge.judge(window(10, 500, 0, 0, 0, latency(500, 900, 5000.4, 6000)), new Slo(0, 5, 0, 0)).get(0));
    }

    @Test
    void shouldNotJudgeAQuantileOnTooLittleTraffic()
    {
        final List<SloFinding> findings = SloJudge.judge(window(30, 50, 0, 0, 0, latency(50, 800, 3100, 7200)),
            new Slo(1, 4, 5, 0));

        assertEquals(SloFinding.Outcome.PASS, findings.get(0).outcome());
        assertEquals(SloFinding.Outcome.PASS, findings.get(1).outcome());
        assertEquals(new SloFinding("api->db", "p99", 0, 5, "ms", SloFinding.Outcome.NOT_JUDGED,
            "route api->db: p99 not judged: too little traffic (50 messages timed over the last 30.0 s; p99 needs " +
            "100)"), findings.get(2));

        final SloFinding median = SloJudge.judge(window(30, 19, 0, 0, 0, latency(19, 800, 3100, 7200)),
            new Slo(1, 0, 0, 0)).get(0);
        assertEquals(SloFinding.Outcome.NOT_JUDGED, median.outcome());
        assertEquals("route api->db: p50 not judged: too little traffic (19 messages timed over the last 30.0 s; " +
            "p50 needs 20)", median.sentence());
    }

    @Test
    void shouldCountErrorsRejectionsAndExpiriesAgainstAllRequestsAskedFor()
    {
        // 9 errors + 1 expired among 990 admitted, and 10 refused: 20 failures of 1000 asked for, 20 000 ppm
        final RouteWindow window = window(20, 990, 9, 10, 1, latency(980, 500, 900, 1200));
        assertEquals(20, SloJudge.failures(window));
        assertEquals(1000, SloJudge.attempts(window));
        assertEquals(20_000.0, SloJudge.errorRatePpm(window));

        assertEquals(List.of(new SloFinding("api->db", "errorRate", 20_000, 1000, "ppm", SloFinding.Outcome.FAIL,
            "route api->db: error rate 20 000 ppm (20 of 1 000 requests failed) over its 1 000 ppm objective over " +
            "the last 20.0 s")), SloJudge.judge(window, new Slo(0, 0, 0, 1000)));
        assertEquals(SloFinding.Outcome.PASS, SloJudge.judge(window, new Slo(0, 0, 0, 20_000)).get(0).outcome());
    }

    @Test
    void shouldNotJudgeAnErrorRateOnTooFewRequests()
    {
        assertEquals(List.of(new SloFinding("api->db", "errorRate", 0, 1000, "ppm", SloFinding.Outcome.NOT_JUDGED,
            "route api->db: error rate not judged: too little traffic (12 requests over the last 5.0 s; needs 20)")),
            SloJudge.judge(window(5, 10, 4, 2, 0, latency(10, 500, 900, 1200)), new Slo(0, 0, 0, 1000)));
    }

    @Test
    void shouldCapTheErrorRateAtEveryRequestFailing()
    {
        // lane faults count as errors too, so errors may outnumber the requests they are a share of
        final RouteWindow laneFaults = new RouteWindow("api->db", "shm", "sqlite", 10, 40, 0, 0, 55, 0, 0, 0, 0, 0, 0,
            0, 4, 5.5, latency(40, 500, 900, 1200), "closed");
        assertEquals(40, SloJudge.failures(laneFaults));
        assertEquals(1_000_000.0, SloJudge.errorRatePpm(laneFaults));
    }

    @Test
    void shouldFailARouteUnderItsMinimumThroughput()
    {
        assertEquals(List.of(new SloFinding("api->db", "minThroughput", 12.5, 50, "req/s", SloFinding.Outcome.FAIL,
            "route api->db: throughput 12.5 requests/s under its minimum of 50 over the last 8.0 s (100 requests)")),
            SloJudge.judge(window(8, 100, 0, 0, 0, latency(100, 500, 900, 1200)), new Slo(0, 0, 0, 0, 50L)));
        assertEquals(SloFinding.Outcome.PASS, SloJudge.judge(window(2, 100, 0, 0, 0, latency(100, 500, 900, 1200)),
            new Slo(0, 0, 0, 0, 50L)).get(0).outcome());
    }

    @Test
    void shouldJudgeThroughputOnLittleTrafficButNotOnNoTime()
    {
        assertEquals(SloFinding.Outcome.FAIL, SloJudge.judge(window(30, 3, 0, 0, 0, latency(3, 500, 900, 1200)),
            new Slo(0, 0, 0, 0, 1L)).get(0).outcome());
        final RouteWindow empty = new RouteWindow("api->db", "shm", "sqlite", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, new RouteWindow.Latency(0, 0, 0, 0, 0, 0), "closed");
        assertEquals(List.of(new SloFinding("api->db", "minThroughput", 0, 1, "req/s", SloFinding.Outcome.NOT_JUDGED,
            "route api->db: throughput not judged: the window covers no time yet")),
            SloJudge.judge(empty, new Slo(0, 0, 0, 0, 1L)));
    }

    @Test
    void shouldFindNothingForARouteWithoutObjectives()
    {
        assertEquals(List.of(), SloJudge.judge(window(30, 12_000, 600, 0, 0, latency(12_000, 800, 3100, 7200)),
            Slo.NONE));
    }
}
