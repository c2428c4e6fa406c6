/**
 * The panel: the long-running process that realises the committed graph. It creates a lane per route, admits
 * messages under each route's QoS (rate, backpressure), schedules them across the routes a driver serves (WFQ or
 * EDF), and publishes where the lanes are and how they perform.
 */
package io.rtt.engine.panel;
