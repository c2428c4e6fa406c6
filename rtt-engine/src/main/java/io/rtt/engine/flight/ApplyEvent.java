package io.rtt.engine.flight;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A plan was committed: the WAL frame appended, the plan, and the keys that signed it. Emitted in whatever process
 * applies (the CLI, the MCP server, the panel's), and recorded when a recording there enables it.
 */
@Name(ApplyEvent.NAME)
@Label("Apply")
@Category(FlightRecorder.CATEGORY)
@Description("A signed plan was committed as a WAL frame.")
@StackTrace(false)
public final class ApplyEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "rtt.Apply";

    @Label("Sequence")
    @Description("The WAL frame appended.")
    long seq;

    @Label("Plan")
    @Description("The plan's id.")
    String planId;

    @Label("Signer")
    @Description("The key ids of the plan's signatures, comma-separated.")
    String signer;

    ApplyEvent()
    {
    }

    /**
     * Records an apply when a recording wants it; {@link FlightEvents} calls it.
     *
     * @param seq    the WAL frame appended.
     * @param planId the plan's id.
     * @param signer the key ids that signed it, comma-separated.
     */
    static void emit(final long seq, final String planId, final String signer)
    {
        final ApplyEvent event = new ApplyEvent();
        if (event.shouldCommit())
        {
            event.seq = seq;
            event.planId = planId;
            event.signer = signer;
            event.commit();
        }
    }
}
