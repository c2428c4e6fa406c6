package io.rtt.engine.flight;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A route's circuit breaker changed state (closed, open, half-open), and why.
 */
@Name(BreakerTransitionEvent.NAME)
@Label("Breaker Transition")
@Category(FlightRecorder.CATEGORY)
@Description("A route's circuit breaker changed state.")
@StackTrace(false)
public final class BreakerTransitionEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "rtt.BreakerTransition";

    @Label("Route")
    @Description("The route id.")
    String route;

    @Label("From")
    @Description("The state it left: closed, open or half-open.")
    String from;

    @Label("To")
    @Description("The state it entered: closed, open or half-open.")
    String to;

    @Label("Reason")
    @Description("Why, with the numbers that decided it.")
    String reason;

    BreakerTransitionEvent()
    {
    }

    /**
     * Records a breaker's transition when a recording wants it; {@link FlightEvents} calls it.
     *
     * @param route  the route id.
     * @param from   the state it left.
     * @param to     the state it entered.
     * @param reason why, with the numbers that decided it.
     */
    static void emit(final String route, final String from, final String to, final String reason)
    {
        final BreakerTransitionEvent event = new BreakerTransitionEvent();
        if (event.shouldCommit())
        {
            event.route = route;
            event.from = from;
            event.to = to;
            event.reason = reason;
            event.commit();
        }
    }
}
