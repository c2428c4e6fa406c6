/**
 * The model of DESIGN.md as immutable values: component, endpoint, dependency, edge, route, graph, and the index.
 */
package io.rtt.engine.model;
