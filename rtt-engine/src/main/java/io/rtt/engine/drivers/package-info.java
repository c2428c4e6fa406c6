/**
 * Drivers: the code at the serving end of a route that turns lane messages into operations on a real system.
 */
package io.rtt.engine.drivers;
