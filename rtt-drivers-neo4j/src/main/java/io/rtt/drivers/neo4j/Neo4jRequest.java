package io.rtt.drivers.neo4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One request to the neo4j driver, read from its JSON: {@code {"cypher": "...", "params": {...}}} for one statement
 * or {@code {"tx": [{"cypher": ..., "params": ...}, ...]}} for a transaction, either with {@code "database": "..."}
 * naming the database (the user's home database otherwise) and {@code "readOnly": true}, which runs it in a read
 * transaction (the server refuses a write in one) that is rolled back.
 * <p>
 * Parameters are named, as Cypher's are ({@code $name}); their JSON values become Cypher's: a string a
 * {@code STRING}, a whole number an {@code INTEGER} (64 bits), another number a {@code FLOAT}, a boolean a
 * {@code BOOLEAN}, null {@code NULL}, an array a {@code LIST}, an object a {@code MAP}.
 *
 * @param statements  the statements, in order; one unless {@code tx}.
 * @param transaction whether the request was a {@code tx}, whose answer lists each statement's result.
 * @param database    the database, or null for the user's home database.
 * @param readOnly    whether the request may change nothing.
 */
record Neo4jRequest(List<Statement> statements, boolean transaction, @Nullable String database, boolean readOnly)
{
    /** The most statements one transaction may carry. */
    static final int MAX_STATEMENTS = 1_000;

    /** Why a request that loads CSV is refused. */
    static final String LOAD_CSV_REFUSED = "LOAD CSV is refused by the neo4j driver: it reads files and URLs from " +
        "the server's side; send the data as parameters instead";

    /**
     * Validates the request.
     */
    Neo4jRequest
    {
        statements = List.copyOf(statements);
    }

    /**
     * One statement and its parameters.
     *
     * @param cypher one Cypher statement.
     * @param params its parameters by name, as Java values the Java driver takes (null, Boolean, Long, Double,
     *               String, List, Map); unmodifiable.
     */
    record Statement(String cypher, Map<String, @Nullable Object> params)
    {
        /**
         * Validates the statement.
         */
        Statement
        {
            Objects.requireNonNull(cypher, "cypher");
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /**
     * Reads a request.
     *
     * @param root the request's JSON.
     * @return the request.
     * @throws IllegalArgumentException when it has neither form, a parameter no Cypher value, or a statement loads
     *                                  CSV.
     */
    static Neo4jRequest of(final JsonNode root)
    {
        if (!root.isObject())
        {
            throw new IllegalArgumentException(usage("the request is not a JSON object"));
        }
        final JsonNode database = root.get("database");
        if (database != null && !database.isNull() && (!database.isString() || database.asString().isBlank()))
        {
            throw new IllegalArgumentException(usage("database is not a database's name"));
        }
        final String name = database == null || database.isNull() ? null : database.asString();
        final JsonNode readOnlyField = root.get("readOnly");
        if (readOnlyField != null && !readOnlyField.isBoolean())
        {
            throw new IllegalArgumentException(usage("readOnly is not a boolean"));
        }
        final boolean readOnly = readOnlyField != null && readOnlyField.booleanValue();
        final JsonNode tx = root.get("tx");
        if (tx != null)
        {
            if (root.has("cypher") || !tx.isArray() || tx.isEmpty())
            {
                throw new IllegalArgumentException(usage("tx is a non-empty array of statements, without cypher"));
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
            return new Neo4jRequest(statements, true, name, readOnly);
        }
        return new Neo4jRequest(List.of(statement(root, "the request")), false, name, readOnly);
    }

    private static Statement statement(final JsonNode node, final String where)
    {
        final JsonNode cypher = node.get("cypher");
        if (!node.isObject() || cypher == null || !cypher.isString())
        {
            throw new IllegalArgumentException(usage(where + " has no \"cypher\" string"));
        }
        if (LoadCsvScanner.loadsCsv(cypher.asString()))
        {
            throw new IllegalArgumentException(LOAD_CSV_REFUSED);
        }
        final JsonNode params = node.get("params");
        final Map<String, Object> values = new LinkedHashMap<>();
        if (params != null && !params.isNull())
        {
            if (!params.isObject())
            {
                throw new IllegalArgumentException(usage(where + "'s params is not an object of named parameters"));
            }
            for (final Map.Entry<String, JsonNode> param : params.properties())
            {
                values.put(param.getKey(), value(param.getValue(), where + "'s params." + param.getKey()));
            }
        }
        return new Statement(cypher.asString(), values);
    }

    private static @Nullable Object value(final JsonNode node, final String where)
    {
        if (node.isNull())
        {
            return null;
        }
        if (node.isBoolean())
        {
            return node.booleanValue();
        }
        if (node.isIntegralNumber())
        {
            if (!node.canConvertToLong())
            {
                throw new IllegalArgumentException(where + " is " + node + ", past Cypher's 64-bit INTEGER; send " +
                    "it as a string or a float");
            }
            return node.longValue();
        }
        if (node.isNumber())
        {
            return node.doubleValue();
        }
        if (node.isString())
        {
            return node.asString();
        }
        if (node.isArray())
        {
            final List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++)
            {
                list.add(value(node.get(i), where + "[" + i + "]"));
            }
            return list;
        }
        final Map<String, Object> map = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> entry : node.properties())
        {
            map.put(entry.getKey(), value(entry.getValue(), where + "." + entry.getKey()));
        }
        return map;
    }

    private static String usage(final String problem)
    {
        return problem + ": a neo4j request is {\"cypher\": \"...\", \"params\": {...}} or {\"tx\": [{\"cypher\": " +
            "\"...\", \"params\": {...}}, ...]}, optionally with \"database\": \"...\" and \"readOnly\": true";
    }
}
