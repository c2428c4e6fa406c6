package io.rtt.engine.health;

import java.util.ArrayList;
import java.util.List;

import io.rtt.engine.model.Slo;
import io.rtt.engine.telemetry.RouteWindow;

/**
 * Judges one route's window of metrics against its objectives ({@code slos:} in rtt.yaml), one finding per objective
 * the route has; an objective of zero is no objective and gives no finding.
 * <ul>
 * <li>Latency: the window's p50, p95 and p99 (microseconds in the window, milliseconds in the objective) fail when
 *     over their bound. A quantile is judged only on enough timed messages: at least {@link #MIN_SAMPLES}, and for a
 *     tail at least {@code 1 / (1 - q)} of them (100 for p99), since below that the "99th percentile" is simply the
 *     slowest message.</li>
 * <li>Error rate: see {@link #failures} and {@link #attempts}; it fails when over its bound in parts per million,
 *     and is judged on at least {@link #MIN_SAMPLES} attempts.</li>
 * <li>Minimum throughput: fails when the window's requests per second are under the bound. Little traffic is what
 *     this objective is about, so it is judged on any window that covers some time.</li>
 * </ul>
 * <p>
 * Stateless and thread-safe.
 */
public final class SloJudge
{
    /**
     * Fewest samples a quantile or an error rate is judged on. Below 20, one request moves the error rate by more
     * than 5% and the 95th percentile is the slowest request: the numbers describe single requests, not the route.
     */
    public static final int MIN_SAMPLES = 20;

    private static final double MICROS_PER_MILLI = 1000.0;

    private SloJudge()
    {
    }

    /**
     * Judges a window against a route's objectives.
     *
     * @param window the route's metrics over the window.
     * @param slo    its objectives.
     * @return one finding per objective set, in the order p50, p95, p99, error rate, minimum throughput; empty for
     *         {@link Slo#NONE}.
     */
    public static List<SloFinding> judge(final RouteWindow window, final Slo slo)
    {
        final List<SloFinding> findings = new ArrayList<>(5);
        quantile(findings, window, "p50", 0.50, window.latency().p50Us(), slo.p50Ms());
        quantile(findings, window, "p95", 0.95, window.latency().p95Us(), slo.p95Ms());
        quantile(findings, window, "p99", 0.99, window.latency().p99Us(), slo.p99Ms());
        if (slo.errorRatePpm() > 0)
        {
            findings.add(errorRate(window, slo.errorRatePpm()));
        }
        if (slo.minThroughput() > 0)
        {
            findings.add(throughput(window, slo.minThroughput()));
        }
        return List.copyOf(findings);
    }

    /**
     * The requests that failed, as the error rate counts them: answered with an error, refused by a fail-fast route
     * (over its rate or full), or expired before the driver reached them. Dropped messages are left out: a drop
     * route drops by design, and the rest are malformed frames or answers to clients already gone.
     *
     * @param window the window.
     * @return {@code errors + rejected + expired}, at most {@link #attempts}.
     */
    public static long failures(final RouteWindow window)
    {
        // errors also counts lane faults and failed events, so it can exceed the requests it is a share of
        return Math.min(window.errors() + window.rejected() + window.expired(), attempts(window));
    }

    /**
     * The requests the error rate is a share of: those admitted plus those refused, since a refused request never
     * counts as admitted yet was asked for.
     *
     * @param window the window.
     * @return {@code requests + rejected}.
     */
    public static long attempts(final RouteWindow window)
    {
        return window.requests() + window.rejected();
    }

    /**
     * The error rate in parts per million: {@link #failures} over {@link #attempts}.
     *
     * @param window the window.
     * @return the rate, 0 when nothing was attempted.
     */
    public static double errorRatePpm(final RouteWindow window)
    {
        final long attempts = attempts(window);
        return attempts == 0 ? 0 : Math.round(1e6 * failures(window) / attempts);
    }

    private static void quantile(final List<SloFinding> findings, final RouteWindow window, final String name,
        final double q, final double observedUs, final long boundMs)
    {
        if (boundMs == 0)
        {
            return;
        }
        final long samples = window.latency().samples();
        final long needed = Math.max(MIN_SAMPLES, (long)Math.ceil(1 / (1 - q) - 1e-9));
        final String head = "route " + window.route() + ": " + name;
        final String over = " over the last " + Figures.seconds(window.seconds());
        if (samples < needed)
        {
            findings.add(new SloFinding(window.route(), name, 0, boundMs, "ms", SloFinding.Outcome.NOT_JUDGED,
                head + " not judged: too little traffic (" + Figures.count(samples) + " messages timed" + over + "; " +
                name + " needs " + needed + ")"));
            return;
        }
        // the window keeps a tenth of a microsecond: print all of it, so 5.0004 ms never reads as its 5 ms bound
        final double observedMs = observedUs / MICROS_PER_MILLI;
        final boolean pass = observedMs <= boundMs;
        findings.add(new SloFinding(window.route(), name, observedMs, boundMs, "ms",
            pass ? SloFinding.Outcome.PASS : SloFinding.Outcome.FAIL,
            head + " " + Figures.decimals(observedMs, 4) + " ms " + (pass ? "within" : "over") + " its " + boundMs +
            " ms objective" + over + " (" + Figures.count(samples) + " messages timed)"));
    }

    private static SloFinding errorRate(final RouteWindow window, final long boundPpm)
    {
        final long attempts = attempts(window);
        final String head = "route " + window.route() + ": error rate";
        final String over = " over the last " + Figures.seconds(window.seconds());
        if (attempts < MIN_SAMPLES)
        {
            return new SloFinding(window.route(), "errorRate", 0, boundPpm, "ppm", SloFinding.Outcome.NOT_JUDGED,
                head + " not judged: too little traffic (" + Figures.count(attempts) + " requests" + over +
                "; needs " + MIN_SAMPLES + ")");
        }
        final double ppm = errorRatePpm(window);
        final boolean pass = ppm <= boundPpm;
        return new SloFinding(window.route(), "errorRate", ppm, boundPpm, "ppm",
            pass ? SloFinding.Outcome.PASS : SloFinding.Outcome.FAIL,
            head + " " + Figures.count((long)ppm) + " ppm (" + Figures.count(failures(window)) + " of " +
            Figures.count(attempts) + " requests failed) " + (pass ? "within" : "over") + " its " +
            Figures.count(boundPpm) + " ppm objective" + over);
    }

    private static SloFinding throughput(final RouteWindow window, final long boundPerSecond)
    {
        final String head = "route " + window.route() + ": throughput";
        if (window.seconds() <= 0)
        {
            return new SloFinding(window.route(), "minThroughput", 0, boundPerSecond, "req/s",
                SloFinding.Outcome.NOT_JUDGED, head + " not judged: the window covers no time yet");
        }
        final double observed = window.requestsPerSecond();
        final boolean pass = observed >= boundPerSecond;
        return new SloFinding(window.route(), "minThroughput", observed, boundPerSecond, "req/s",
            pass ? SloFinding.Outcome.PASS : SloFinding.Outcome.FAIL,
            head + " " + Figures.decimals(observed, 2) + " requests/s " + (pass ? "meets" : "under") +
            " its minimum of " + Figures.count(boundPerSecond) + " over the last " +
            Figures.seconds(window.seconds()) + " (" + Figures.count(window.requests()) + " requests)");
    }
}
