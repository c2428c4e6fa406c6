package io.rtt.engine.flight;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A verify's verdict: whether it passed, how many checks failed, and a summary of them.
 */
@Name(VerifyVerdictEvent.NAME)
@Label("Verify Verdict")
@Category(FlightRecorder.CATEGORY)
@Description("The verdict of a verify: invariants and SLOs.")
@StackTrace(false)
public final class VerifyVerdictEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "rtt.VerifyVerdict";

    @Label("Passed")
    @Description("Whether every check passed.")
    boolean passed;

    @Label("Failures")
    @Description("How many checks failed.")
    int failures;

    @Label("Summary")
    @Description("What failed, with the numbers, or what passed.")
    String summary;

    VerifyVerdictEvent()
    {
    }

    /**
     * Records a verdict when a recording wants it; {@link FlightEvents} calls it.
     *
     * @param passed   whether every check passed.
     * @param failures how many failed.
     * @param summary  what failed, with the numbers.
     */
    static void emit(final boolean passed, final int failures, final String summary)
    {
        final VerifyVerdictEvent event = new VerifyVerdictEvent();
        if (event.shouldCommit())
        {
            event.passed = passed;
            event.failures = failures;
            event.summary = summary;
            event.commit();
        }
    }
}
