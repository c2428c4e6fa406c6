/**
 * The model of DESIGN.md as immutable values: component, endpoint, dependency, edge, route, graph, and the index.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.model;

import org.jspecify.annotations.NullMarked;
