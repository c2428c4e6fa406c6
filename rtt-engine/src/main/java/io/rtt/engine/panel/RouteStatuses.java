package io.rtt.engine.panel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.rtt.engine.Engine;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;
import org.jspecify.annotations.Nullable;

/**
 * The committed routes' statuses, built one way whether the panel that serves them says it or someone looks from
 * outside any panel: served where a lane's address is known, and otherwise why not.
 */
final class RouteStatuses
{
    private RouteStatuses()
    {
    }

    /**
     * The committed routes as seen from outside any panel: served when the panel of the workspace publishes their
     * lane, and otherwise why not.
     */
    static List<RouteStatus> observe(final Engine engine)
    {
        final boolean running = PanelLock.isHeld(engine.workspace());
        final Map<String, LaneAddress> published = new HashMap<>();
        if (running)
        {
            LaneDirectory.of(engine.workspace()).published().forEach(a -> published.put(a.route(), a));
        }
        return of(engine.applier().head(), route -> published.get(route.id()),
            route -> !PanelDrivers.available(route.driver()) ? PanelDrivers.unavailable(route.driver()) :
                running ? "not served by the running panel (see its log)" :
                PanelClient.notRunning(engine.workspace()), route -> null, route -> null);
    }

    /**
     * Each route of {@code graph}, served where {@code lane} knows its address, else with {@code whyNot}, and its
     * breaker's state and backend where {@code breaker} and {@code backend} know them; by id.
     */
    static List<RouteStatus> of(final Graph graph, final Function<Route, @Nullable LaneAddress> lane,
        final Function<Route, String> whyNot, final Function<Route, @Nullable String> breaker,
        final Function<Route, @Nullable String> backend)
    {
        final List<RouteStatus> all = new ArrayList<>();
        for (final Route route : graph.routes())
        {
            final LaneAddress address = lane.apply(route);
            all.add(new RouteStatus(route.id(), route.lane(), route.driver(), address != null,
                address != null ? address.path() : whyNot.apply(route), breaker.apply(route),
                address != null ? backend.apply(route) : null));
        }
        all.sort(Comparator.comparing(RouteStatus::route));
        return all;
    }
}
