package io.rtt.engine.panel;

import io.rtt.engine.model.Lane;

/**
 * One committed route as the panel holds it.
 *
 * @param route  the route id.
 * @param lane   its lane kind.
 * @param driver its driver.
 * @param served whether it is live: a lane open and a driver running.
 * @param detail the lane's path when served; why not, otherwise.
 */
public record RouteStatus(String route, Lane lane, String driver, boolean served, String detail)
{
}
