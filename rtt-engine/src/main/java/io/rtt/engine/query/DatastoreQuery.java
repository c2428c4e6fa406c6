package io.rtt.engine.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.drivers.DriverProvider;
import io.rtt.engine.drivers.Drivers;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;
import tools.jackson.core.JacksonException;

/**
 * Runs a query against a component's datastore through one of its committed routes, on the lane the panel serves
 * it on: the driver that answers the component's clients answers the query, within the same limits, and the query
 * counts in that route's metrics. The route's driver makes the query its request
 * ({@link DriverProvider#queryRequest}) and refuses a write in a read-only one.
 */
public final class DatastoreQuery
{
    private DatastoreQuery()
    {
    }

    /**
     * Runs a query.
     *
     * @param workspace the workspace whose panel serves the routes.
     * @param head      the committed graph.
     * @param request   the query.
     * @return the driver's answer.
     * @throws RttException {@code BAD_INPUT} for a component that is not in the graph, has no route, or whose driver
     *                      takes no queries, or parameters of the wrong shape; {@code REFUSED} for an error frame
     *                      (the driver's or the system's message: a syntax error, a write in a read-only query);
     *                      {@code IO} when no route to it is served or the answer does not come in time.
     */
    public static QueryResult run(final Workspace workspace, final Graph head, final QueryRequest request)
    {
        if (head.components().stream().noneMatch(c -> c.id().equals(request.component())))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "no component " + request.component() +
                " in the committed graph; components: " + head.components().stream().map(c -> c.id()).toList());
        }
        final List<Route> routes = head.routes().stream().filter(r -> r.to().equals(request.component())).toList();
        if (routes.isEmpty())
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "no committed route reaches " +
                request.component() + ": a query goes through a route to the datastore; plan and apply one first");
        }
        final String driver = routes.get(0).driver();
        final DriverProvider provider = Drivers.provider(driver);
        final byte[] payload;
        try
        {
            payload = provider == null ? null :
                provider.queryRequest(request.text(), request.params(), !request.allowWrites());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, ex.getMessage());
        }
        if (payload == null)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, request.component() + "'s driver, " + driver +
                ", takes no queries; rtt query speaks to postgres, sqlite, redis and neo4j datastores");
        }
        final List<String> notConnected = new ArrayList<>();
        for (final Route route : routes)
        {
            final RouteClient client;
            try
            {
                client = RouteClient.connect(workspace.root(), route.id());
            }
            catch (final RuntimeException busyOrUnserved)
            {
                // an shm lane holds one client, which may be the component's own: another route may be free
                notConnected.add(route.id() + ": " + busyOrUnserved.getMessage());
                continue;
            }
            try (client)
            {
                return answer(client, route, request, payload);
            }
        }
        throw new RttException(RttException.Kind.IO, "no route to " + request.component() + " took the query (" +
            String.join("; ", notConnected) + "); is the panel serving them (`rtt serve --detach`)?");
    }

    private static QueryResult answer(final RouteClient client, final Route route, final QueryRequest request,
        final byte[] payload)
    {
        final long startNs = System.nanoTime();
        final byte[] answer;
        try
        {
            answer = client.request(payload, request.timeout()).join();
        }
        catch (final CompletionException ex)
        {
            if (ex.getCause() instanceof RouteErrorException refused)
            {
                throw new RttException(RttException.Kind.REFUSED, route.to() + " refused the query: " +
                    refused.getMessage());
            }
            throw new RttException(RttException.Kind.IO, "the query through " + route.id() + " failed: " +
                (ex.getCause() == null ? ex : ex.getCause()).getMessage());
        }
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        try
        {
            return new QueryResult(route.to(), route.id(), route.driver(), !request.allowWrites(), tookMs,
                Json.MAPPER.readTree(answer));
        }
        catch (final JacksonException ex)
        {
            throw new RttException(RttException.Kind.INTERNAL, "the " + route.driver() + " driver answered with " +
                "what is not JSON: " + new String(answer, 0, Math.min(answer.length, 200), StandardCharsets.UTF_8));
        }
    }
}
