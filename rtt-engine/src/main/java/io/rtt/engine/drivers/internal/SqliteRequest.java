package io.rtt.engine.drivers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.rtt.engine.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One request to the sqlite driver: a statement's UTF-8 text as it is, or the postgres driver's JSON form without
 * claims, {@code {"sql": "...", "params": [...]}} for one statement or {@code {"tx": [{"sql": ..., "params": ...},
 * ...]}} for a transaction, either with {@code "readOnly": true}, so that a route can move between the two. A
 * statement never begins with an opening brace, so the first non-blank character tells the forms apart.
 *
 * @param statements  the statements, in order; one unless {@code tx}.
 * @param transaction whether the request was a {@code tx}, whose answer lists each statement's result.
 * @param readOnly    whether the request may change nothing (SQLite's {@code query_only} while it runs).
 */
record SqliteRequest(List<Statement> statements, boolean transaction, boolean readOnly)
{
    /** The most statements one transaction may carry, as the postgres driver's. */
    static final int MAX_STATEMENTS = 1_000;
    private static final Set<String> FIELDS = Set.of("sql", "params", "tx", "readOnly");

    /**
     * Validates the request.
     */
    SqliteRequest
    {
        statements = List.copyOf(statements);
    }

    /**
     * One statement and its parameters.
     *
     * @param sql    one SQL statement, its parameters written {@code ?}.
     * @param params the parameters' values, each a JSON scalar, array or object.
     */
    record Statement(String sql, List<JsonNode> params)
    {
        /**
         * Validates the statement.
         */
        Statement
        {
            Objects.requireNonNull(sql, "sql");
            params = List.copyOf(params);
        }
    }

    /**
     * Reads a request.
     *
     * @param text the request's UTF-8 text.
     * @return the request.
     * @throws IllegalArgumentException when it begins as JSON but has neither JSON form, or a transaction is empty or
     *                                  too long.
     */
    static SqliteRequest of(final String text)
    {
        if (!text.stripLeading().startsWith("{"))
        {
            return new SqliteRequest(List.of(new Statement(text, List.of())), false, false);
        }
        final JsonNode root;
        try
        {
            root = Json.MAPPER.readTree(text);
        }
        catch (final JacksonException ex)
        {
            throw new IllegalArgumentException("a sqlite request that starts with '{' is JSON, and this one is not (" +
                ex.getOriginalMessage() + "); send {\"sql\": \"...\", \"params\": [...]}", ex);
        }
        if (!root.isObject())
        {
            throw new IllegalArgumentException(usage("the request is not a JSON object"));
        }
        for (final String field : root.propertyNames())
        {
            if (!FIELDS.contains(field))
            {
                throw new IllegalArgumentException(usage("unknown field \"" + field + "\""));
            }
        }
        final JsonNode readOnlyField = root.get("readOnly");
        if (readOnlyField != null && !readOnlyField.isBoolean())
        {
            throw new IllegalArgumentException(usage("readOnly is not a boolean"));
        }
        final boolean readOnly = readOnlyField != null && readOnlyField.booleanValue();
        final JsonNode tx = root.get("tx");
        if (tx == null)
        {
            return new SqliteRequest(List.of(statement(root, "the request")), false, readOnly);
        }
        if (root.has("sql") || !tx.isArray() || tx.isEmpty())
        {
            throw new IllegalArgumentException(usage("tx is a non-empty array of statements, without sql"));
        }
        if (tx.size() > MAX_STATEMENTS)
        {
            throw new IllegalArgumentException("a transaction carries at most " + MAX_STATEMENTS +
                " statements; this one has " + tx.size());
        }
        final List<Statement> statements = new ArrayList<>(tx.size());
        for (int i = 0; i < tx.size(); i++)
        {
            statements.add(statement(tx.get(i), "tx[" + i + "]"));
        }
        return new SqliteRequest(statements, true, readOnly);
    }

    private static Statement statement(final JsonNode node, final String where)
    {
        final JsonNode sql = node.get("sql");
        if (!node.isObject() || sql == null || !sql.isString())
        {
            throw new IllegalArgumentException(usage(where + " has no \"sql\" string"));
        }
        final JsonNode params = node.get("params");
        final List<JsonNode> values = new ArrayList<>();
        if (params != null && !params.isNull())
        {
            if (!params.isArray())
            {
                throw new IllegalArgumentException(usage(where + "'s params is not an array"));
            }
            params.forEach(values::add);
        }
        return new Statement(sql.asString(), values);
    }

    private static String usage(final String problem)
    {
        return problem + ": a sqlite request is a statement's text, {\"sql\": \"...\", \"params\": [...]} or " +
            "{\"tx\": [{\"sql\": \"...\", \"params\": [...]}, ...]}, optionally with \"readOnly\": true";
    }
}
