/**
 * The panel: the long-running process that realises the committed graph. It creates a lane per route, admits
 * messages under each route's QoS (rate, backpressure), schedules them across the routes a driver serves (WFQ or
 * EDF), and publishes where the lanes are and how they perform.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.panel;

import org.jspecify.annotations.NullMarked;
