package io.rtt.tools;

import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.gen.GenerateReport;

/**
 * {@code rtt_generate}: for each committed route, a typed client in its calling component's language. Writes files
 * (destructive in MCP's sense: a generated file is rewritten, outside its rtt:keep regions); idempotent: a second
 * call finds every file unchanged.
 */
public final class GenerateTool implements RttTool
{
    /** The tool's name. */
    public static final String NAME = "rtt_generate";

    private static final Set<String> ARGUMENTS = Set.of("language", "out", "cursor", "maxChars");

    private final McpSchema.Tool definition = ToolDefinitions.define(NAME, "Generate connectors",
        "For each route committed at the WAL head, write a small typed client in the calling component's language " +
            "(java, python, node for JavaScript/TypeScript, go; language overrides it for every client) that speaks " +
            "the route driver's requests (query/transaction for postgres and sqlite, command/get/set for redis, run " +
            "for neo4j, call for others), carries the route's deadline and raises error frames as the language's " +
            "errors. Files go under .rtt/drivers/<component>/, or out/<component>/ (out is relative to the " +
            "workspace root and must lie inside it), beside the RTT client library they build on. The same plan " +
            "gives the same bytes; what is written inside rtt:keep regions survives, the rest of a generated file " +
            "is rewritten. Routes of components in other languages are listed in skipped, with the reason. The " +
            "answer fits maxChars (default 20000 characters); pass nextCursor as cursor for the rest (the call " +
            "generates again, finding every file unchanged).",
        false, true, true);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(ARGUMENTS);
        final String language = call.string("language");
        final String out = call.string("out");
        final GenerateReport report = call.engine().generate(language, out);
        call.log().log(McpSchema.LoggingLevel.INFO, report.files().stream()
            .filter(f -> !f.status().equals("unchanged")).count() + " of " + report.files().size() +
            " connector files written to " + report.out());
        return call.result(report, report.graph() + "|" + language + "|" + out);
    }
}
