package io.rtt.engine.flight;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The panel brought its live routes to the WAL head: the frame it follows, the routes it serves and those it does
 * not, and how long that took (the event's duration). Timed through {@link FlightEvents}:
 * <pre>{@code
 * ReconcileEvent event = FlightEvents.reconcileStarted();
 * // ... reconcile ...
 * FlightEvents.reconcileFinished(event, headSeq, served, unserved);
 * }</pre>
 * With no recording enabled for it, finishing it only reads the clock. Not thread-safe: one per reconcile.
 */
@Name(ReconcileEvent.NAME)
@Label("Reconcile")
@Category(FlightRecorder.CATEGORY)
@Description("The panel brought its live routes to the WAL head.")
@StackTrace(false)
public final class ReconcileEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "rtt.Reconcile";

    @Label("Head Sequence")
    @Description("The WAL frame the routes follow; 0 for an empty log.")
    long headSeq;

    @Label("Routes Served")
    @Description("Committed routes the panel serves.")
    int routesServed;

    @Label("Routes Unserved")
    @Description("Committed routes the panel does not serve (no driver, failed, given up on).")
    int routesUnserved;

    ReconcileEvent()
    {
    }

    /**
     * A reconcile event whose duration starts now.
     *
     * @return the event, to {@link #finish} once the reconcile is done.
     */
    static ReconcileEvent started()
    {
        final ReconcileEvent event = new ReconcileEvent();
        event.begin();
        return event;
    }

    /**
     * Ends the event's duration and commits it when a recording wants it.
     *
     * @param headSeq        the WAL frame the routes follow.
     * @param routesServed   committed routes served.
     * @param routesUnserved committed routes not served.
     */
    void finish(final long headSeq, final int routesServed, final int routesUnserved)
    {
        end();
        if (shouldCommit())
        {
            this.headSeq = headSeq;
            this.routesServed = routesServed;
            this.routesUnserved = routesUnserved;
            commit();
        }
    }
}
