/**
 * The neo4j driver: the official Java driver over Bolt behind a route, found by the engine through
 * {@link io.rtt.engine.drivers.DriverProvider}.
 */
package io.rtt.drivers.neo4j;
