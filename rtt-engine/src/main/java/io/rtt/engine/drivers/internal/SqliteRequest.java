package io.rtt.engine.drivers.internal;

import java.util.ArrayList;
import java.util.List;

import io.rtt.engine.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One request to the sqlite driver: the statement's text as it is, or the postgres driver's form,
 * {@code {"sql": "...", "params": [...], "readOnly": true}}, so that a route can move between the two. SQL never
 * begins with an opening brace, so the first non-blank character tells the forms apart.
 *
 * @param sql      one SQL statement, its parameters written {@code ?}.
 * @param params   the parameters' values, each a JSON scalar, array or object.
 * @param readOnly whether the statement may change nothing (SQLite's {@code query_only} while it runs).
 */
record SqliteRequest(String sql, List<JsonNode> params, boolean readOnly)
{
    private static final String USAGE = "a sqlite request is the SQL text, or {\"sql\": \"...\", \"params\": [...]} " +
        "optionally with \"readOnly\": true";

    /**
     * Validates the request.
     */
    SqliteRequest
    {
        params = List.copyOf(params);
    }

    /**
     * Reads a request.
     *
     * @param text the request's UTF-8 text.
     * @return the request.
     * @throws IllegalArgumentException when it begins as JSON but is not the JSON form.
     */
    static SqliteRequest of(final String text)
    {
        if (!text.stripLeading().startsWith("{"))
        {
            return new SqliteRequest(text, List.of(), false);
        }
        final JsonNode root;
        try
        {
            root = Json.MAPPER.readTree(text);
        }
        catch (final JacksonException ex)
        {
            throw new IllegalArgumentException("the request is not JSON: " + ex.getOriginalMessage() + "; " + USAGE,
                ex);
        }
        final JsonNode sql = root.get("sql");
        if (!root.isObject() || sql == null || !sql.isString())
        {
            throw new IllegalArgumentException("the request has no \"sql\" string; " + USAGE);
        }
        final List<JsonNode> values = new ArrayList<>();
        final JsonNode params = root.get("params");
        if (params != null && !params.isNull())
        {
            if (!params.isArray())
            {
                throw new IllegalArgumentException("params is not an array; " + USAGE);
            }
            params.forEach(values::add);
        }
        final JsonNode readOnly = root.get("readOnly");
        if (readOnly != null && !readOnly.isBoolean())
        {
            throw new IllegalArgumentException("readOnly is not a boolean; " + USAGE);
        }
        for (final String field : root.propertyNames())
        {
            if (!field.equals("sql") && !field.equals("params") && !field.equals("readOnly"))
            {
                throw new IllegalArgumentException("unknown field \"" + field + "\"; " + USAGE);
            }
        }
        return new SqliteRequest(sql.asString(), values, readOnly != null && readOnly.booleanValue());
    }
}
