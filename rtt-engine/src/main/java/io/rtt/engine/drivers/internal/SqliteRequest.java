package io.rtt.engine.drivers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * One request to the sqlite driver in its JSON form, the postgres driver's without claims: {@code {"sql": "...",
 * "params": [...]}} for one statement or {@code {"tx": [{"sql": ..., "params": ...}, ...]}} for a transaction. The
 * plain form, a statement's UTF-8 text, needs no class: a statement never starts with <code>{</code>.
 *
 * @param statements  the statements, in order; one unless {@code tx}.
 * @param transaction whether the request was a {@code tx}, whose answer lists each statement's result.
 */
record SqliteRequest(List<Statement> statements, boolean transaction)
{
    /** The most statements one transaction may carry, as the postgres driver's. */
    static final int MAX_STATEMENTS = 1_000;

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
     * @param root the request's JSON.
     * @return the request.
     * @throws IllegalArgumentException when it has neither form, or a transaction is empty or too long.
     */
    static SqliteRequest of(final JsonNode root)
    {
        if (!root.isObject())
        {
            throw new IllegalArgumentException(usage("the request is not a JSON object"));
        }
        final JsonNode tx = root.get("tx");
        if (tx == null)
        {
            return new SqliteRequest(List.of(statement(root, "the request")), false);
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
        return new SqliteRequest(statements, true);
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
            "{\"tx\": [{\"sql\": \"...\", \"params\": [...]}, ...]}";
    }
}
