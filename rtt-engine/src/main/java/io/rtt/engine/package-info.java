/**
 * The engine's public face: the {@link io.rtt.engine.Engine} facade that the CLI and the MCP tools both call.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine;

import org.jspecify.annotations.NullMarked;
