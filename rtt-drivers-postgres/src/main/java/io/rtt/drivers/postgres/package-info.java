/**
 * The postgres driver: pgjdbc behind a route, found by the engine through
 * {@link io.rtt.engine.drivers.DriverProvider}.
 */
package io.rtt.drivers.postgres;
