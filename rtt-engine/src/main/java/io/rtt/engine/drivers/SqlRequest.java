package io.rtt.engine.drivers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The JSON request every SQL driver (postgres, sqlite) reads, so that a route can move between them:
 * {@code {"sql": "...", "params": [...]}} for one statement or {@code {"tx": [{"sql": ..., "params": ...}, ...]}} for
 * a transaction, either with {@code "readOnly": true} and, where the driver takes them, a JWT's {@code "claims"}.
 *
 * @param statements  the statements, in order; one unless {@code tx}.
 * @param transaction whether the request was a {@code tx}, whose answer lists each statement's result.
 * @param readOnly    whether the request may change nothing, as the driver enforces.
 * @param claims      the claims object as sent, for the driver to check, or null.
 */
public record SqlRequest(List<Statement> statements, boolean transaction, boolean readOnly,
    @Nullable JsonNode claims)
{
    /** The most statements one transaction may carry. */
    public static final int MAX_STATEMENTS = 1_000;
    private static final Set<String> FIELDS = Set.of("sql", "params", "tx", "readOnly", "claims");

    /**
     * Validates the request.
     */
    public SqlRequest
    {
        statements = List.copyOf(statements);
    }

    /**
     * One statement and its parameters.
     *
     * @param sql    one SQL statement, its parameters written {@code ?}.
     * @param params the parameters' values, each a JSON scalar, array or object.
     */
    public record Statement(String sql, List<JsonNode> params)
    {
        /**
         * Validates the statement.
         */
        public Statement
        {
            Objects.requireNonNull(sql, "sql");
            params = List.copyOf(params);
        }
    }

    /**
     * Reads a request.
     *
     * @param root  the request's JSON.
     * @param usage the driver's forms in words, e.g. {@code a sqlite request is ...}, appended to each refusal.
     * @return the request.
     * @throws IllegalArgumentException when it has neither form, an unknown field, a transaction empty or too long,
     *                                  or claims that are not an object.
     */
    public static SqlRequest of(final JsonNode root, final String usage)
    {
        if (!root.isObject())
        {
            throw new IllegalArgumentException("the request is not a JSON object: " + usage);
        }
        for (final String field : root.propertyNames())
        {
            if (!FIELDS.contains(field))
            {
                throw new IllegalArgumentException("unknown field \"" + field + "\": " + usage);
            }
        }
        final JsonNode readOnly = root.get("readOnly");
        if (readOnly != null && !readOnly.isBoolean())
        {
            throw new IllegalArgumentException("readOnly is not a boolean: " + usage);
        }
        final JsonNode claims = root.get("claims");
        if (claims != null && !claims.isNull() && !claims.isObject())
        {
            throw new IllegalArgumentException("claims is not an object: " + usage);
        }
        final boolean onlyReads = readOnly != null && readOnly.booleanValue();
        final JsonNode claimsOrNull = claims == null || claims.isNull() ? null : claims;
        final JsonNode tx = root.get("tx");
        if (tx == null)
        {
            return new SqlRequest(List.of(statement(root, "the request", usage)), false, onlyReads, claimsOrNull);
        }
        if (root.has("sql") || !tx.isArray() || tx.isEmpty())
        {
            throw new IllegalArgumentException("tx is a non-empty array of statements, without sql: " + usage);
        }
        if (tx.size() > MAX_STATEMENTS)
        {
            throw new IllegalArgumentException("a transaction carries at most " + MAX_STATEMENTS +
                " statements; this one has " + tx.size());
        }
        final List<Statement> statements = new ArrayList<>(tx.size());
        for (int i = 0; i < tx.size(); i++)
        {
            statements.add(statement(tx.get(i), "tx[" + i + "]", usage));
        }
        return new SqlRequest(statements, true, onlyReads, claimsOrNull);
    }

    private static Statement statement(final JsonNode node, final String where, final String usage)
    {
        final JsonNode sql = node.get("sql");
        if (!node.isObject() || sql == null || !sql.isString())
        {
            throw new IllegalArgumentException(where + " has no \"sql\" string: " + usage);
        }
        final JsonNode params = node.get("params");
        final List<JsonNode> values = new ArrayList<>();
        if (params != null && !params.isNull())
        {
            if (!params.isArray())
            {
                throw new IllegalArgumentException(where + "'s params is not an array: " + usage);
            }
            params.forEach(values::add);
        }
        return new Statement(sql.asString(), values);
    }
}
