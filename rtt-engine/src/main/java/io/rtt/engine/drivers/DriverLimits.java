package io.rtt.engine.drivers;

import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Qos;
import io.rtt.engine.model.Route;

/**
 * What one request may cost a driver: how long its work may run and how large its answer may grow. A driver stops
 * work that runs longer and refuses an answer that grows larger, with an error that names the limit, rather than
 * tying up the routes it serves or the panel's memory.
 * <p>
 * One driver serves every route to its component, so its limits are the most generous of those routes' QoS: no
 * route's own requests are cut short, and each route's lane still refuses an answer larger than it carries.
 *
 * @param statementTimeoutMs how long one request's work may run, in milliseconds; at least 1.
 * @param maxAnswerBytes     the largest answer, and the largest single value within it, in bytes; at least 1.
 */
public record DriverLimits(long statementTimeoutMs, int maxAnswerBytes)
{
    /**
     * How long a request to a route without a deadline may run: long enough for real work on an embedded database,
     * short enough that a runaway statement frees its driver within seconds.
     */
    public static final long DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

    /**
     * Validates the limits.
     */
    public DriverLimits
    {
        if (statementTimeoutMs < 1)
        {
            throw new IllegalArgumentException("statementTimeoutMs < 1: " + statementTimeoutMs);
        }
        if (maxAnswerBytes < 1)
        {
            throw new IllegalArgumentException("maxAnswerBytes < 1: " + maxAnswerBytes);
        }
    }

    /**
     * The limits of one route's QoS.
     *
     * @param qos the route's QoS.
     * @return its deadline ({@link #DEFAULT_STATEMENT_TIMEOUT_MS} when it has none) and its largest message.
     */
    public static DriverLimits of(final Qos qos)
    {
        return new DriverLimits(qos.deadlineMs() > 0 ? qos.deadlineMs() : DEFAULT_STATEMENT_TIMEOUT_MS,
            qos.maxMessageBytes());
    }

    /**
     * The limits of a driver serving every route of a graph to a component.
     *
     * @param route the route the driver is started for, whose limits count even when the graph lacks it.
     * @param graph the committed graph.
     * @return the longest time and the largest answer any route to {@code route.to()} allows.
     */
    public static DriverLimits of(final Route route, final Graph graph)
    {
        DriverLimits widest = of(route.qos());
        for (final Route other : graph.routes())
        {
            if (other.to().equals(route.to()))
            {
                final DriverLimits limits = of(other.qos());
                widest = new DriverLimits(Math.max(widest.statementTimeoutMs, limits.statementTimeoutMs),
                    Math.max(widest.maxAnswerBytes, limits.maxAnswerBytes));
            }
        }
        return widest;
    }
}
