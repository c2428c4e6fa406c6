package io.rtt.engine.panel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.health.CanaryArm;
import io.rtt.engine.health.CanaryJudge;
import io.rtt.engine.health.CanaryPolicy;
import io.rtt.engine.health.CanaryVerdict;
import io.rtt.engine.model.Verdict;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.telemetry.RouteWindow;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.jspecify.annotations.Nullable;

/**
 * One canary: a plan's changed routes run beside their current definitions, a share of each route's messages going
 * to the new one, until the oracle judges them ({@link CanaryJudge}: Mann-Whitney U on latencies, a proportion test
 * on errors, each against the baseline over the same recent window).
 * <p>
 * Armed before its plan is committed (so the panel, seeing the new head, splits rather than replaces), it starts at
 * the reconcile that brings the head from its base to its target, and ends in a decision: promote (every changed
 * route's canary is no worse), or roll back (one is significantly worse, or the time ran out before the traffic
 * allowed a verdict: no promotion without evidence). The panel owns it and calls it under its monitor.
 * <p>
 * Not thread-safe: the panel's monitor guards it.
 */
final class CanaryRun
{
    /** Where a canary is. */
    enum State
    {
        /** Waiting for its plan to be committed and reach the panel. */
        ARMED,
        /** Splitting traffic and judging. */
        RUNNING,
        /** Every canary was no worse: the plan stands and its routes take all the traffic. */
        PROMOTED,
        /** Rejected, and the panel rolled the plan back by itself (a verdict and a rollback frame in the log). */
        ROLLED_BACK,
        /** Rejected, and the rollback is left to a person: the changed routes keep their old definitions meanwhile. */
        REJECTED,
        /** Cancelled before it started, or the head moved elsewhere. */
        CANCELLED
    }

    /** A changed route under test: its server (the baseline) and the canary's intake and driver. */
    private record Arm(RouteServer server, RouteIntake canary, DriverWorker canaryWorker)
    {
    }

    private final String base;
    private final String target;
    private final CanaryPolicy policy;
    private final long maxNs;
    private final long armedNs;
    private final Map<String, Arm> arms = new LinkedHashMap<>();
    private final Map<String, CanaryVerdict> verdicts = new LinkedHashMap<>();
    private final Histogram baselineScratch = RouteMetrics.newScratch();
    private final Histogram canaryScratch = RouteMetrics.newScratch();
    private State state = State.ARMED;
    private long frame;
    private long startedNs;
    private long endedNs;
    private String summary = "waiting for the plan to be committed";
    private String note = "";
    private @Nullable Long verdictFrame;
    private @Nullable Long rollbackFrame;
    /** Whether the time ran out before the traffic allowed a verdict. */
    private boolean timedOut;

    /**
     * Arms a canary.
     *
     * @param base    the graph digest the panel serves now.
     * @param target  the plan's graph digest.
     * @param policy  the thresholds, with the share of traffic the canaries get.
     * @param maxNs   how long it may run before it is judged on what it has.
     * @param nowNs   now.
     */
    CanaryRun(final String base, final String target, final CanaryPolicy policy, final long maxNs, final long nowNs)
    {
        this.base = base;
        this.target = target;
        this.policy = policy;
        this.maxNs = maxNs;
        this.armedNs = nowNs;
    }

    State state()
    {
        return state;
    }

    String base()
    {
        return base;
    }

    String target()
    {
        return target;
    }

    double fraction()
    {
        return policy.fraction();
    }

    /** Whether it waits for its plan, or judges: it has not ended. */
    boolean live()
    {
        return state == State.ARMED || state == State.RUNNING;
    }

    /**
     * The routes whose current definitions must stay served while it runs, or after a rejection left to a person.
     *
     * @return their ids.
     */
    Set<String> held()
    {
        return state == State.RUNNING || state == State.REJECTED ? Set.copyOf(arms.keySet()) : Set.of();
    }

    /**
     * Starts judging: the panel has split each changed route.
     *
     * @param applyFrame the WAL frame that committed the plan.
     * @param split      each changed route's server, canary intake and canary driver.
     * @param nowNs      now.
     */
    void start(final long applyFrame, final Map<String, RouteServer> servers, final Map<String, RouteIntake> canaries,
        final Map<String, DriverWorker> workers, final long nowNs)
    {
        frame = applyFrame;
        startedNs = nowNs;
        state = State.RUNNING;
        summary = "running: " + canaries.size() + " changed routes get " + Math.round(policy.fraction() * 100) +
            "% of their messages on the new definition";
        for (final Map.Entry<String, RouteIntake> canary : canaries.entrySet())
        {
            arms.put(canary.getKey(), new Arm(servers.get(canary.getKey()), canary.getValue(),
                workers.get(canary.getKey())));
        }
    }

    /** The canaries' metrics, for the sampler that cuts windows and for {@code rtt metrics}. */
    List<RouteMetrics> metrics()
    {
        return state == State.RUNNING ? arms.values().stream().map(a -> a.canary().metrics()).toList() : List.of();
    }

    /**
     * Judges every canary against its baseline over the time it has run (at most the metrics' window).
     *
     * @param nowNs now.
     * @return the decision when there is one: {@link CanaryVerdict.Decision#PROMOTE} or
     *     {@link CanaryVerdict.Decision#REJECT}; null while it must wait.
     */
    CanaryVerdict.@Nullable Decision judge(final long nowNs)
    {
        final CanaryJudge judge = new CanaryJudge(policy);
        final long windowNs = Math.min(Math.max(nowNs - startedNs, RouteMetrics.SLICE_NS),
            RouteMetrics.WINDOW_SLICES * RouteMetrics.SLICE_NS);
        boolean allPromote = true;
        boolean anyReject = false;
        for (final Map.Entry<String, Arm> arm : arms.entrySet())
        {
            final RouteWindow baseline = arm.getValue().server().metrics().window(windowNs, nowNs, baselineScratch);
            final RouteWindow canary = arm.getValue().canary().metrics().window(windowNs, nowNs, canaryScratch);
            final CanaryVerdict verdict = judge.judge(CanaryArm.of(canary, canaryScratch),
                CanaryArm.of(baseline, baselineScratch));
            verdicts.put(arm.getKey(), verdict);
            anyReject |= verdict.decision() == CanaryVerdict.Decision.REJECT;
            allPromote &= verdict.decision() == CanaryVerdict.Decision.PROMOTE;
        }
        if (anyReject)
        {
            return CanaryVerdict.Decision.REJECT;
        }
        if (allPromote)
        {
            return CanaryVerdict.Decision.PROMOTE;
        }
        if (nowNs - startedNs > maxNs)
        {
            timedOut = true;
            return CanaryVerdict.Decision.REJECT;
        }
        return null;
    }

    /**
     * The verdict to record for a decision, with every route's numbers.
     *
     * @param decision promote or reject.
     * @return the verdict.
     */
    Verdict verdict(final CanaryVerdict.Decision decision)
    {
        final List<String> findings = new ArrayList<>();
        verdicts.forEach((route, v) -> findings.add(route + ": " + v.explanation()));
        final boolean promote = decision == CanaryVerdict.Decision.PROMOTE;
        final String why = promote ? "every canary is no worse than its baseline" : timedOut ? "no verdict within " +
            TimeUnit.NANOSECONDS.toSeconds(maxNs) + " s, too little traffic to judge, and nothing is promoted without " +
            "evidence" : "a canary is significantly worse than its baseline";
        return new Verdict(Verdict.CANARY, promote ? Verdict.PROMOTE : Verdict.ROLLBACK, frame,
            "canary of frame " + frame + " (" + arms.size() + " changed routes, " +
            Math.round(policy.fraction() * 100) + "% of their traffic): " + (promote ? "promoted" : "rejected") +
            ": " + why, findings);
    }

    /**
     * Ends it: stops every split, and closes the canaries' intakes and drivers.
     *
     * @param ended       how it ended.
     * @param summary     what happened, for people.
     * @param note        what a person should know or do, or empty.
     * @param verdictAt   the verdict frame, or null when none was recorded.
     * @param rollbackAt  the rollback frame, or null.
     * @param nowNs       now.
     */
    void end(final State ended, final String summary, final String note, final @Nullable Long verdictAt,
        final @Nullable Long rollbackAt, final long nowNs)
    {
        for (final Arm arm : arms.values())
        {
            arm.server().split(null, 0);
            CloseHelper.closeAll(arm.canary()::close, arm.canaryWorker());
        }
        state = ended;
        this.summary = summary;
        this.note = note;
        this.verdictFrame = verdictAt;
        this.rollbackFrame = rollbackAt;
        this.endedNs = nowNs;
    }

    /** Lets go of the routes a rejection held, once the head moved on (a person rolled back, or applied more). */
    void release()
    {
        if (state == State.REJECTED)
        {
            arms.clear();
        }
    }

    /**
     * Cancels a canary that has not started.
     *
     * @param why what a person should know.
     */
    void cancel(final String why)
    {
        state = State.CANCELLED;
        summary = "cancelled: " + why;
    }

    /**
     * What a control client reads of it.
     *
     * @param nowNs now.
     * @return its status, with each route's latest numbers.
     */
    CanaryStatus status(final long nowNs)
    {
        final long until = live() ? nowNs : endedNs;
        return new CanaryStatus(state.name().toLowerCase(Locale.ROOT), frame, base, target,
            policy.fraction(), TimeUnit.NANOSECONDS.toMillis(until - (startedNs == 0 ? armedNs : startedNs)),
            TimeUnit.NANOSECONDS.toMillis(maxNs), List.copyOf(verdicts.entrySet().stream()
            .map(e -> new CanaryStatus.RouteCanary(e.getKey(), e.getValue())).toList()), summary, note,
            verdictFrame, rollbackFrame);
    }
}
