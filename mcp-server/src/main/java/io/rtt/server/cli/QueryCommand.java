package io.rtt.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.query.QueryRequest;
import io.rtt.engine.query.QueryResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code rtt query}: a query against a component's datastore through one of its routes, as {@code rtt_query} runs it.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Run a query against a component's datastore through one of its committed routes, as the running " +
        "panel serves it: SQL for postgres and sqlite, Cypher for neo4j, a Redis command (GET cart:1). Read-only " +
        "unless --allow-writes: the driver refuses a write (a read-only transaction, SQLite's query_only, Redis's " +
        "read-only commands). Exit 3 when the datastore refuses the query.")
public final class QueryCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-w", "--workspace"}, defaultValue = ".", paramLabel = "PATH",
        description = "Workspace root (default: the current directory).")
    private Path workspace;

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "The datastore component, e.g. db.")
    private String component;

    @Parameters(index = "1", paramLabel = "QUERY",
        description = "SQL (parameters as ?), Cypher (parameters as $name) or a Redis command and its arguments.")
    private String query;

    @Option(names = {"-p", "--param"}, paramLabel = "JSON",
        description = "A parameter, as JSON (42, \"text\", null, [1,2]); repeat for each ? in order, or each Redis " +
            "argument after those in QUERY. A value that is not JSON is taken as a string.")
    private List<String> params = List.of();

    @Option(names = "--params", paramLabel = "JSON",
        description = "All parameters as one JSON array or, for Cypher, object: {\"id\": 7}.")
    private String paramsJson;

    @Option(names = "--allow-writes", description = "Let the query change the datastore.")
    private boolean allowWrites;

    @Option(names = "--timeout", paramLabel = "WINDOW", defaultValue = "10s",
        description = "How long to wait for the answer: seconds (10s, or 10) or minutes (1m) (default " +
            "${DEFAULT-VALUE}).")
    private String timeout;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call()
    {
        final Duration wait = MetricsCommand.parseWindow(timeout);
        final QueryResult result = Engine.open(workspace).query(new QueryRequest(component, query, params(),
            allowWrites, wait));
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(CanonicalJson.string(Json.tree(result)));
        }
        else
        {
            print(out, result);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private JsonNode params()
    {
        if (paramsJson != null)
        {
            if (!params.isEmpty())
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "give parameters with --param or --params, " +
                    "not both");
            }
            try
            {
                return Json.MAPPER.readTree(paramsJson);
            }
            catch (final JacksonException ex)
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "--params is not JSON: " +
                    ex.getOriginalMessage());
            }
        }
        if (params.isEmpty())
        {
            return null;
        }
        final ArrayNode values = Json.MAPPER.createArrayNode();
        for (final String param : params)
        {
            try
            {
                values.add(Json.MAPPER.readTree(param));
            }
            catch (final JacksonException notJson)
            {
                values.add(param);
            }
        }
        return values;
    }

    private static void print(final PrintWriter out, final QueryResult result)
    {
        final JsonNode answer = result.answer();
        out.printf("%s via %s (%s%s), %d ms%n", result.component(), result.route(), result.driver(),
            result.readOnly() ? ", read-only" : "", result.tookMs());
        if (answer.isObject() && answer.path("rows").isArray() && answer.path("columns").isArray())
        {
            final List<String> columns = answer.get("columns").valueStream().map(JsonNode::asString).toList();
            out.println(String.join("\t", columns));
            for (final JsonNode row : answer.get("rows"))
            {
                out.println(String.join("\t", row.valueStream().map(v -> v.isString() ? v.asString() :
                    v.toString()).toList()));
            }
            out.printf(answer.get("rows").size() == 1 ? "(1 row)%n" : "(%d rows)%n", answer.get("rows").size());
        }
        else
        {
            out.println(answer.isString() ? answer.asString() : answer.toString());
        }
    }
}
