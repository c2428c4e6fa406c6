package io.rtt.engine.flight;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A route's latency went over its SLO: which quantile, what was observed and the bound it broke.
 */
@Name(RouteSloBreachEvent.NAME)
@Label("Route SLO Breach")
@Category(FlightRecorder.CATEGORY)
@Description("A route's latency quantile went over its SLO.")
@StackTrace(false)
public final class RouteSloBreachEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "rtt.RouteSloBreach";

    @Label("Route")
    @Description("The route id.")
    String route;

    @Label("Quantile")
    @Description("The quantile over its bound: p50, p95, p99 or p99.9.")
    String quantile;

    @Label("Observed (us)")
    @Description("The quantile observed over the window, in microseconds.")
    double observedUs;

    @Label("Bound (us)")
    @Description("The SLO's bound, in microseconds.")
    double boundUs;

    RouteSloBreachEvent()
    {
    }

    /**
     * Records an SLO breach when a recording wants it; {@link FlightEvents} calls it.
     *
     * @param route      the route id.
     * @param quantile   the quantile over its bound, e.g. {@code p99}.
     * @param observedUs what was observed, in microseconds.
     * @param boundUs    the bound, in microseconds.
     */
    static void emit(final String route, final String quantile, final double observedUs, final double boundUs)
    {
        final RouteSloBreachEvent event = new RouteSloBreachEvent();
        if (event.shouldCommit())
        {
            event.route = route;
            event.quantile = quantile;
            event.observedUs = observedUs;
            event.boundUs = boundUs;
            event.commit();
        }
    }
}
