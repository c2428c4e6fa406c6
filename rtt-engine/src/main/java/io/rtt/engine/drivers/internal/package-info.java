/**
 * The drivers this engine ships, each behind its {@link io.rtt.engine.drivers.DriverProvider}.
 */
package io.rtt.engine.drivers.internal;
