package io.rtt.engine.flight;

import org.jspecify.annotations.Nullable;

/**
 * Where RTT's work emits its flight recorder events: one static method per event, called where the work happens.
 * <pre>{@code
 * FlightEvents.apply(frame.seq(), plan.id(), "key-a");
 * }</pre>
 * Each does nothing until JFR runs in this JVM (a {@link FlightRecorder}, or {@code -XX:StartFlightRecording}), and
 * then commits its event only when a recording enables it. The first check matters to the CLI: with JFR not
 * started, the JVM instruments an event class as it loads it, which costs a few hundred milliseconds of a command's
 * start (measured on JDK 17, 2 cores); this class names the event classes only in code that runs once JFR does.
 * <p>
 * Thread-safe.
 */
public final class FlightEvents
{
    private FlightEvents()
    {
    }

    /**
     * Whether JFR runs in this JVM, so that events may be recorded.
     *
     * @return true once any recording has started in this JVM.
     */
    public static boolean recording()
    {
        return jdk.jfr.FlightRecorder.isInitialized();
    }

    /**
     * Starts timing a reconcile.
     *
     * @return the event to give {@link #reconcileFinished}, or null when JFR does not run in this JVM.
     */
    public static @Nullable ReconcileEvent reconcileStarted()
    {
        return recording() ? ReconcileEvent.started() : null;
    }

    /**
     * Ends timing a reconcile and records it when a recording wants it.
     *
     * @param started        what {@link #reconcileStarted} returned.
     * @param headSeq        the WAL frame the routes follow.
     * @param routesServed   committed routes served.
     * @param routesUnserved committed routes not served.
     */
    public static void reconcileFinished(final @Nullable ReconcileEvent started, final long headSeq,
        final int routesServed, final int routesUnserved)
    {
        if (started != null)
        {
            started.finish(headSeq, routesServed, routesUnserved);
        }
    }

    /**
     * Records that a plan was committed.
     *
     * @param seq    the WAL frame appended.
     * @param planId the plan's id.
     * @param signer the key ids that signed it, comma-separated.
     */
    public static void apply(final long seq, final String planId, final String signer)
    {
        if (recording())
        {
            ApplyEvent.emit(seq, planId, signer);
        }
    }

    /**
     * Records that a rollback frame was appended.
     *
     * @param seq      the rollback frame appended.
     * @param toSeq    the frame whose graph was restored, 0 for the empty graph.
     * @param toPlanId that frame's plan field, empty for the empty graph.
     * @param by       the key ids that signed the rollback, comma-separated.
     */
    public static void rollback(final long seq, final long toSeq, final String toPlanId, final String by)
    {
        if (recording())
        {
            RollbackEvent.emit(seq, toSeq, toPlanId, by);
        }
    }

    /**
     * Records that a route's circuit breaker changed state.
     *
     * @param route  the route id.
     * @param from   the state it left: closed, open or half-open.
     * @param to     the state it entered.
     * @param reason why, with the numbers that decided it.
     */
    public static void breakerTransition(final String route, final String from, final String to, final String reason)
    {
        if (recording())
        {
            BreakerTransitionEvent.emit(route, from, to, reason);
        }
    }

    /**
     * Records that a route's latency quantile went over its SLO.
     *
     * @param route      the route id.
     * @param quantile   the quantile, e.g. {@code p99}.
     * @param observedUs what was observed over the window, in microseconds.
     * @param boundUs    the SLO's bound, in microseconds.
     */
    public static void routeSloBreach(final String route, final String quantile, final double observedUs,
        final double boundUs)
    {
        if (recording())
        {
            RouteSloBreachEvent.emit(route, quantile, observedUs, boundUs);
        }
    }

    /**
     * Records a verify's verdict.
     *
     * @param passed   whether every check passed.
     * @param failures how many failed.
     * @param summary  what failed, with the numbers, or what passed.
     */
    public static void verifyVerdict(final boolean passed, final int failures, final String summary)
    {
        if (recording())
        {
            VerifyVerdictEvent.emit(passed, failures, summary);
        }
    }
}
