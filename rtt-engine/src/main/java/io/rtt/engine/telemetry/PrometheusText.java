package io.rtt.engine.telemetry;

import java.util.Collection;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Writes route metrics in the Prometheus text exposition format (version 0.0.4): one counter family per
 * {@link RouteCounter}, the gauge {@code rtt_route_breaker_state} (0 closed, 1 half-open, 2 open) and a summary of
 * service latency in seconds with the 0.5, 0.9, 0.99 and 0.999 quantiles. As in Prometheus's own client libraries,
 * the quantiles are over a sliding window, the last {@link #QUANTILE_WINDOW_NS} (the route's metrics window), and
 * {@code NaN} when it saw nothing; {@code _sum} and {@code _count} are since the
 * route started.
 */
public final class PrometheusText
{
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** How far back the summary's quantiles look: the whole of a route's metrics window. */
    public static final long QUANTILE_WINDOW_NS = RouteMetrics.WINDOW_SLICES * RouteMetrics.SLICE_NS;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    private static final String LATENCY = "rtt_route_latency_seconds";
    private static final String BREAKER = "rtt_route_breaker_state";

    private PrometheusText()
    {
    }

    /**
     * Formats the metrics of some routes.
     *
     * @param routes the routes' metrics.
     * @return the exposition text.
     */
    public static String format(final Collection<RouteMetrics> routes)
    {
        return format(routes, System.nanoTime());
    }

    /**
     * Formats the metrics of some routes as of a given time.
     *
     * @param routes the routes' metrics.
     * @param nowNs  now, by the clock the routes' windows opened by.
     * @return the exposition text.
     */
    static String format(final Collection<RouteMetrics> routes, final long nowNs)
    {
        final Histogram recent = RouteMetrics.newScratch();
        final StringBuilder out = new StringBuilder(1024 + routes.size() * 1024);
        for (final RouteCounter counter : RouteCounter.values())
        {
            out.append("# HELP ").append(counter.metric()).append(' ').append(counter.help()).append('\n');
            out.append("# TYPE ").append(counter.metric()).append(" counter\n");
            for (final RouteMetrics route : routes)
            {
                out.append(counter.metric());
                labels(out, route, null).append(' ').append(route.get(counter)).append('\n');
            }
        }
        out.append("# HELP ").append(BREAKER).append(" The route's circuit breaker: 0 closed, 1 half-open (probing), " +
            "2 open (failing fast).\n");
        out.append("# TYPE ").append(BREAKER).append(" gauge\n");
        for (final RouteMetrics route : routes)
        {
            out.append(BREAKER);
            labels(out, route, null).append(' ').append(route.breakerState()).append('\n');
        }
        out.append("# HELP ").append(LATENCY).append(" Time from a request's admission to its response; quantiles " +
            "over the last ").append(QUANTILE_WINDOW_NS / RouteMetrics.SLICE_NS).append(" s.\n");
        out.append("# TYPE ").append(LATENCY).append(" summary\n");
        for (final RouteMetrics route : routes)
        {
            final Histogram latencies = route.latencies();
            route.window(QUANTILE_WINDOW_NS, nowNs, recent);
            for (final double quantile : QUANTILES)
            {
                out.append(LATENCY);
                labels(out, route, quantile).append(' ')
                    .append(recent.getTotalCount() == 0 ? "NaN" : seconds(recent.getValueAtPercentile(quantile * 100)))
                    .append('\n');
            }
            out.append(LATENCY).append("_sum");
            labels(out, route, null).append(' ')
                .append(seconds(Math.round(latencies.getMean() * latencies.getTotalCount()))).append('\n');
            out.append(LATENCY).append("_count");
            labels(out, route, null).append(' ').append(latencies.getTotalCount()).append('\n');
        }
        return out.toString();
    }

    private static StringBuilder labels(final StringBuilder out, final RouteMetrics route, final Double quantile)
    {
        out.append("{route=\"");
        escape(out, route.route()).append("\",lane=\"");
        escape(out, route.lane()).append("\",driver=\"");
        escape(out, route.driver()).append('"');
        if (quantile != null)
        {
            out.append(",quantile=\"").append(quantile).append('"');
        }
        return out.append('}');
    }

    private static StringBuilder escape(final StringBuilder out, final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out;
    }

    private static String seconds(final long nanos)
    {
        return String.format(Locale.ROOT, "%.9f", nanos / 1e9);
    }
}
