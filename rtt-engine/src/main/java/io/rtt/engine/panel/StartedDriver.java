package io.rtt.engine.panel;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverEndpoint;

/**
 * A driver the panel started, with where its system is: what a served route's status names as its backend.
 *
 * @param driver   the running driver.
 * @param endpoint where its system is and how that was resolved.
 */
record StartedDriver(Driver driver, DriverEndpoint endpoint)
{
}
