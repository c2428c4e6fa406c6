package io.rtt.engine.drivers;

import io.rtt.engine.json.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request a SQL driver (postgres, sqlite) makes of a query: {@code {"sql": ..., "params": [...], "readOnly":
 * true}}, the one form both take.
 */
public final class SqlQueries
{
    private SqlQueries()
    {
    }

    /**
     * The request for a SQL query.
     *
     * @param sql      one statement, its parameters written {@code ?}.
     * @param params   an array of the parameters' values, or null for none.
     * @param readOnly whether the driver must refuse a write.
     * @return the request's UTF-8 JSON.
     * @throws IllegalArgumentException when the parameters are not an array.
     */
    public static byte[] request(final String sql, final @Nullable JsonNode params, final boolean readOnly)
    {
        final ObjectNode request = Json.MAPPER.createObjectNode().put("sql", sql);
        if (params != null && !params.isNull())
        {
            if (!params.isArray())
            {
                throw new IllegalArgumentException("a SQL query's params are an array, bound to its ? in order");
            }
            request.set("params", params);
        }
        return Json.MAPPER.writeValueAsBytes(request.put("readOnly", readOnly));
    }
}
