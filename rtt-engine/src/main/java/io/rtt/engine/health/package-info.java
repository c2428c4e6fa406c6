/**
 * Health: the per-route circuit breaker that fails fast while a route's backend fails and probes its way back, and
 * its thresholds from {@code rtt.yaml}.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.health;

import org.jspecify.annotations.NullMarked;
