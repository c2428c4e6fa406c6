package io.rtt.tools;

import java.time.Duration;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.RttException;
import io.rtt.engine.json.Json;
import io.rtt.engine.query.QueryRequest;
import io.rtt.engine.query.QueryResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code rtt_query}: a query against a component's datastore through one of its routes. Read-only unless the call
 * allows writes, so the tool is annotated destructive: with {@code allowWrites} it can change data.
 */
public final class QueryTool implements RttTool
{
    /** How long a query waits when the caller says nothing. */
    private static final int DEFAULT_TIMEOUT_MS = 10_000;

    private final McpSchema.Tool definition = ToolDefinitions.define("rtt_query", "Query a datastore",
        "Run a query against a component's datastore through one of its committed routes, as the running panel " +
            "serves it: SQL for postgres and sqlite (params an array bound to ?), Cypher for neo4j (params an " +
            "object), a Redis command (e.g. 'HGETALL cart:1'). Read-only by default, enforced by the driver (a " +
            "read-only transaction, SQLite's query_only, Redis's read-only commands); allowWrites: true lets it " +
            "change data - ask the user first. A query's rows come as columns + rows and page (limit, maxChars, " +
            "cursor); any other answer is in answer. The route's deadline and message size bound the query. Needs a " +
            "running panel (rtt_panel action=start).",
        false, true, false);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(Set.of("component", "query", "params", "allowWrites", "timeoutMs", "limit", "cursor",
            "maxChars"));
        final String component = call.string("component");
        final String query = call.string("query");
        if (component == null || query == null)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "component and query are required");
        }
        final Object params = call.arguments().get("params");
        final QueryResult result = call.engine().query(new QueryRequest(component, query,
            params == null ? null : Json.MAPPER.valueToTree(params), call.bool("allowWrites", false),
            Duration.ofMillis(call.integer("timeoutMs", DEFAULT_TIMEOUT_MS, 1, 300_000))));
        return call.result(output(result), null);
    }

    /** The result with a query's columns and rows at the top, where they page. */
    private static ObjectNode output(final QueryResult result)
    {
        final ObjectNode output = Json.MAPPER.createObjectNode()
            .put("component", result.component())
            .put("route", result.route())
            .put("driver", result.driver())
            .put("readOnly", result.readOnly())
            .put("tookMs", result.tookMs());
        final JsonNode answer = result.answer();
        if (answer.isObject() && answer.path("rows").isArray())
        {
            final ObjectNode rest = Json.MAPPER.createObjectNode();
            for (final String field : answer.propertyNames())
            {
                final boolean table = field.equals("columns") || field.equals("types") || field.equals("rows");
                (table ? output : rest).set(field, answer.get(field));
            }
            if (!rest.isEmpty())
            {
                output.set("answer", rest);
            }
        }
        else
        {
            output.set("answer", answer);
        }
        return output;
    }
}
