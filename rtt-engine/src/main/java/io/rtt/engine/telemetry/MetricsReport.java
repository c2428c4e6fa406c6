package io.rtt.engine.telemetry;

import java.util.List;

/**
 * The answer to a metrics query: the window asked for, and each live route's metrics over it.
 *
 * @param windowSeconds the window asked for, in seconds.
 * @param routes        one per route asked about, sorted by route id.
 */
public record MetricsReport(int windowSeconds, List<RouteWindow> routes)
{
    /**
     * Checks the report and freezes its routes.
     */
    public MetricsReport
    {
        if (windowSeconds < 1 || windowSeconds > RouteMetrics.WINDOW_SLICES)
        {
            throw new IllegalArgumentException("windowSeconds=" + windowSeconds + ": expected 1 to " +
                RouteMetrics.WINDOW_SLICES);
        }
        routes = List.copyOf(routes);
    }
}
