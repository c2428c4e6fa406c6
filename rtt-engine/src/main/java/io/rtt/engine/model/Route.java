package io.rtt.engine.model;

import java.util.Objects;

/**
 * A directed connection from a client component to a serving component, carried by a lane and served by a driver.
 *
 * @param id     unique route id, conventionally {@code <from>-><to>}.
 * @param from   id of the client component.
 * @param to     id of the serving component.
 * @param lane   what carries the messages.
 * @param driver the driver at the serving end, e.g. {@code sqlite} or {@code echo}.
 * @param qos    the quality of service asked for.
 * @param slo    the objectives verify checks it against.
 */
public record Route(String id, String from, String to, Lane lane, String driver, Qos qos, Slo slo)
    implements Comparable<Route>
{
    /**
     * Validates the route.
     */
    public Route
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(slo, "slo");
        if (from.equals(to))
        {
            throw new IllegalArgumentException("route from a component to itself: " + from);
        }
    }

    @Override
    public int compareTo(final Route other)
    {
        return id.compareTo(other.id);
    }
}
