/**
 * Drivers: the code at the serving end of a route that turns lane messages into operations on a real system.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.drivers;

import org.jspecify.annotations.NullMarked;
