/**
 * The MCP toolpack: one class per tool (definition, schemas, annotations, handler) over the engine, registered in
 * {@link io.rtt.tools.Toolpack}, independent of any transport.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.tools;

import org.jspecify.annotations.NullMarked;
