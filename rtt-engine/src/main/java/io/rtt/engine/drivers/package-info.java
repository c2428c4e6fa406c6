/**
 * Drivers: the code at the serving end of a route that turns lane messages into operations on a real system, each
 * kind added through a {@link io.rtt.engine.drivers.DriverProvider} that {@link io.rtt.engine.drivers.Drivers}
 * finds on the class path.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.drivers;

import org.jspecify.annotations.NullMarked;
