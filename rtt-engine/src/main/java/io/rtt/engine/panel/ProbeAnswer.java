package io.rtt.engine.panel;

import java.util.Objects;

/**
 * A probe of a route's driver from inside the panel, as the control socket answers it.
 *
 * @param route  the route.
 * @param live   whether the driver's backend answered in time.
 * @param tookMs how long the answer took, in milliseconds.
 * @param detail why not, when not live; empty otherwise.
 */
public record ProbeAnswer(String route, boolean live, double tookMs, String detail)
{
    /**
     * Checks the fields.
     */
    public ProbeAnswer
    {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(detail, "detail");
    }
}
