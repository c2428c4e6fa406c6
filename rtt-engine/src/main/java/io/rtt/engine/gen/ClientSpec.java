package io.rtt.engine.gen;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.rtt.engine.model.Route;

/**
 * Everything a renderer needs to write one route's client, taken from the committed graph: which route, which
 * driver and so which request format, the deadline it carries, the language, and the plan and graph it came from.
 *
 * @param plan       the id of the plan that committed the graph ({@code seq:N} for a rollback to frame N).
 * @param graph      the committed graph's digest.
 * @param route      the route id.
 * @param component  the calling component's id.
 * @param target     the serving component's id.
 * @param driver     the route's driver.
 * @param lane       the route's lane, lower case ({@code uds}, {@code shm}).
 * @param format     what the driver reads.
 * @param language   the language of the client.
 * @param deadlineMs the deadline each request carries: the route's {@code deadlineMs}, else
 *                   {@value #DEFAULT_DEADLINE_MS}.
 * @param words      the words that name the client (see {@link Identifiers#clientWords}).
 */
public record ClientSpec(String plan, String graph, String route, String component, String target, String driver,
    String lane, RequestFormat format, ConnectorLanguage language, long deadlineMs, List<String> words)
{
    /** The deadline of a route that names none, as {@code rtt verify} probes it. */
    public static final long DEFAULT_DEADLINE_MS = 2_000;

    /**
     * Validates the spec.
     */
    public ClientSpec
    {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(language, "language");
        words = List.copyOf(words);
        if (deadlineMs < 1)
        {
            throw new IllegalArgumentException("deadlineMs < 1: " + deadlineMs);
        }
        if (words.isEmpty())
        {
            throw new IllegalArgumentException("no words to name the client of " + route);
        }
    }

    /**
     * The spec of a committed route's client.
     *
     * @param route    the route, from the committed graph.
     * @param language the language to write it in.
     * @param plan     the id of the plan that committed the graph.
     * @param graph    the graph's digest.
     * @return the spec.
     */
    public static ClientSpec of(final Route route, final ConnectorLanguage language, final String plan,
        final String graph)
    {
        final long deadlineMs = route.qos().deadlineMs() > 0 ? route.qos().deadlineMs() : DEFAULT_DEADLINE_MS;
        return new ClientSpec(plan, graph, route.id(), route.from(), route.to(), route.driver(),
            route.lane().name().toLowerCase(Locale.ROOT), RequestFormat.of(route.driver()), language,
            deadlineMs, Identifiers.clientWords(route.id(), route.from()));
    }

    /**
     * The client's type name.
     *
     * @return e.g. {@code LedgerClient}.
     */
    public String typeName()
    {
        return Identifiers.pascal(words) + "Client";
    }
}
