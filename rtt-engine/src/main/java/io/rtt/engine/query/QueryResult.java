package io.rtt.engine.query;

import tools.jackson.databind.JsonNode;

/**
 * A query's answer, as the datastore's driver gave it.
 *
 * @param component the datastore component queried.
 * @param route     the route the query went through.
 * @param driver    that route's driver, which says the answer's shape (docs/PROTOCOL.md, "Driver requests").
 * @param readOnly  whether the query ran read-only.
 * @param tookMs    how long the answer took, from sending the request.
 * @param answer    the driver's answer: {@code columns} and {@code rows} for a query, {@code changes} for another
 *                  statement, a Redis reply.
 */
public record QueryResult(String component, String route, String driver, boolean readOnly, long tookMs,
    JsonNode answer)
{
}
