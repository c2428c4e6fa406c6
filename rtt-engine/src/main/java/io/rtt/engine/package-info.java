/**
 * The engine's public face: the {@link io.rtt.engine.Engine} facade that the CLI and the MCP tools both call.
 */
package io.rtt.engine;
