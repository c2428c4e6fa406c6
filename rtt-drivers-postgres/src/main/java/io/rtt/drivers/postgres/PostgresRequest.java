package io.rtt.drivers.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One request to the postgres driver, read from its JSON: {@code {"sql": "...", "params": [...]}} for one statement
 * or {@code {"tx": [{"sql": ..., "params": ...}, ...]}} for a transaction, either with {@code "claims": {...}}, a
 * JWT's claims, which run it as the claims' role with {@code request.jwt.claims} set (Supabase's Row Level Security),
 * and either with {@code "readOnly": true}, which runs it in a read-only transaction that is rolled back.
 *
 * @param statements  the statements, in order; one unless {@code tx}.
 * @param transaction whether the request was a {@code tx}, whose answer lists each statement's result.
 * @param claims      the claims, or null.
 * @param readOnly    whether the request may change nothing.
 */
record PostgresRequest(List<Statement> statements, boolean transaction, @Nullable JsonNode claims, boolean readOnly)
{
    /** The roles a request's claims may take: Supabase's, and no other. */
    static final Set<String> CLAIM_ROLES = Set.of("anon", "authenticated", "service_role");

    /** The most statements one transaction may carry. */
    static final int MAX_STATEMENTS = 1_000;

    /**
     * Validates the request.
     */
    PostgresRequest
    {
        statements = List.copyOf(statements);
    }

    /**
     * One statement and its parameters.
     *
     * @param sql    one SQL statement, its parameters written {@code ?} ({@code ??} for the jsonb operator).
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
     * @throws IllegalArgumentException when it has neither form, or its claims name no role it may take.
     */
    static PostgresRequest of(final JsonNode root)
    {
        if (!root.isObject())
        {
            throw new IllegalArgumentException(usage("the request is not a JSON object"));
        }
        final JsonNode claims = root.get("claims");
        if (claims != null && !claims.isNull())
        {
            final JsonNode role = claims.get("role");
            if (!claims.isObject() || role == null || !role.isString() || !CLAIM_ROLES.contains(role.asString()))
            {
                throw new IllegalArgumentException("claims.role must be one of anon, authenticated, service_role" +
                    (role == null ? "; the claims have none" : "; it is " + role));
            }
        }
        final JsonNode readOnlyField = root.get("readOnly");
        if (readOnlyField != null && !readOnlyField.isBoolean())
        {
            throw new IllegalArgumentException(usage("readOnly is not a boolean"));
        }
        final boolean readOnly = readOnlyField != null && readOnlyField.booleanValue();
        final JsonNode tx = root.get("tx");
        if (tx != null)
        {
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
            return new PostgresRequest(statements, true, claims == null || claims.isNull() ? null : claims, readOnly);
        }
        return new PostgresRequest(List.of(statement(root, "the request")), false,
            claims == null || claims.isNull() ? null : claims, readOnly);
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
        return problem + ": a postgres request is {\"sql\": \"...\", \"params\": [...]} or {\"tx\": [{\"sql\": " +
            "\"...\", \"params\": [...]}, ...]}, optionally with \"claims\": {\"role\": ...} and \"readOnly\": true";
    }
}
