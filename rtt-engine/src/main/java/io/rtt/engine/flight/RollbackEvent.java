package io.rtt.engine.flight;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A rollback frame was appended: which frame's graph it restored, that frame's plan, and the keys that signed the
 * rollback. Emitted in whatever process rolls back, and recorded when a recording there enables it.
 */
@Name(RollbackEvent.NAME)
@Label("Rollback")
@Category(FlightRecorder.CATEGORY)
@Description("A signed rollback frame restored an earlier graph.")
@StackTrace(false)
public final class RollbackEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "rtt.Rollback";

    @Label("Sequence")
    @Description("The rollback frame appended.")
    long seq;

    @Label("To Sequence")
    @Description("The frame whose graph was restored; 0 for the empty graph.")
    long toSeq;

    @Label("To Plan")
    @Description("The plan field of the frame restored; empty for the empty graph.")
    String toPlanId;

    @Label("By")
    @Description("The key ids that signed the rollback, comma-separated.")
    String by;

    RollbackEvent()
    {
    }

    /**
     * Records a rollback when a recording wants it; {@link FlightEvents} calls it.
     *
     * @param seq      the rollback frame appended.
     * @param toSeq    the frame whose graph was restored, 0 for the empty graph.
     * @param toPlanId that frame's plan field, empty for the empty graph.
     * @param by       the key ids that signed the rollback, comma-separated.
     */
    static void emit(final long seq, final long toSeq, final String toPlanId, final String by)
    {
        final RollbackEvent event = new RollbackEvent();
        if (event.shouldCommit())
        {
            event.seq = seq;
            event.toSeq = toSeq;
            event.toPlanId = toPlanId;
            event.by = by;
            event.commit();
        }
    }
}
