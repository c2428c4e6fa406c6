/**
 * Queries against a component's datastore through one of its routes, as the panel serves them: {@code rtt query} and
 * MCP's {@code rtt_query}. A query is read-only unless the caller allows writes, and the driver, not this package,
 * enforces it (a read-only transaction, SQLite's {@code query_only}, Redis's read-only commands).
 */
@NullMarked
package io.rtt.engine.query;

import org.jspecify.annotations.NullMarked;
