package io.rtt.tools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import io.rtt.engine.plan.PlanFiles;

/**
 * The WAL and plans as resources: {@code rtt://wal} (the verified frames) and {@code rtt://plans/{id}} (a plan, its
 * content checked against its id).
 */
final class StateResources
{
    static final String WAL_URI = "rtt://wal";
    static final String PLAN_TEMPLATE = "rtt://plans/{id}";

    private StateResources()
    {
    }

    static McpServerFeatures.SyncResourceSpecification wal(final Engine engine)
    {
        return new McpServerFeatures.SyncResourceSpecification(McpSchema.Resource.builder()
            .uri(WAL_URI)
            .name("wal")
            .title("Write-ahead log")
            .description("The WAL's frames (seq, prev, kind, plan, graph, version, signatures, time), verified on read.")
            .mimeType("application/json")
            .build(), (exchange, request) ->
        {
            final String text = CanonicalJson.string(Json.tree(engine.log().records()));
            return new McpSchema.ReadResourceResult(
                List.of(new McpSchema.TextResourceContents(WAL_URI, "application/json", text)));
        });
    }

    static McpServerFeatures.SyncResourceTemplateSpecification plans(final Engine engine)
    {
        return new McpServerFeatures.SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder()
            .uriTemplate(PLAN_TEMPLATE)
            .name("plan")
            .title("Plan")
            .description("A plan by id (sha256:<hex>), as written by rtt_plan, checked against its id.")
            .mimeType("application/json")
            .build(), (exchange, request) ->
        {
            final String id = request.uri().substring("rtt://plans/".length());
            final java.nio.file.Path file;
            try
            {
                file = engine.plans().planFile(id);
            }
            catch (final io.rtt.engine.RttException ex)
            {
                throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(ex.getMessage()).build();
            }
            if (!Files.isRegularFile(file))
            {
                throw McpError.RESOURCE_NOT_FOUND.apply(request.uri());
            }
            final String text = new String(PlanFiles.read(file).canonicalBytes(), StandardCharsets.UTF_8);
            return new McpSchema.ReadResourceResult(
                List.of(new McpSchema.TextResourceContents(request.uri(), "application/json", text)));
        });
    }
}
