package io.rtt.engine.panel;

import io.rtt.engine.model.Lane;
import org.jspecify.annotations.Nullable;

/**
 * One committed route as the panel holds it.
 *
 * @param route   the route id.
 * @param lane    its lane kind.
 * @param driver  its driver.
 * @param served  whether it is live: a lane open and a driver running.
 * @param detail  the lane's path when served; why not, otherwise.
 * @param breaker its circuit breaker's state, {@code closed}, {@code half_open} or {@code open}, as the panel serving
 *                it says; null when no panel serves it, or it is seen from outside the panel.
 * @param backend where its driver's system is and how that was resolved (e.g.
 *                {@code redis:///run/redis/redis.sock (well-known socket)}), passwords shown as {@code ***}, as the
 *                panel serving it says; null when no panel serves it, or it is seen from outside the panel.
 */
public record RouteStatus(String route, Lane lane, String driver, boolean served, String detail,
    @Nullable String breaker, @Nullable String backend)
{
}
