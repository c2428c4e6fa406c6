package io.rtt.tools;

import java.nio.file.Files;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.plan.PlanFiles;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WAL and plans as resources: {@code rtt://wal} (the verified frames) and {@code rtt://plans/{id}} (a plan, its
 * content checked against its id), each a page at a time like every resource.
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
            .description("The WAL's frames (seq, prev, kind, plan, graph, version, signatures, time), verified on " +
                "read, as {\"frames\": [...]}, at most 20000 characters a page: when the text has nextCursor, read " +
                WAL_URI + ResourcePage.CURSOR_QUERY + "<nextCursor> for the next.")
            .mimeType("application/json")
            .build(), (exchange, request) -> readWal(engine, request.uri()));
    }

    static McpServerFeatures.SyncResourceTemplateSpecification walPages(final Engine engine)
    {
        return new McpServerFeatures.SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder()
            .uriTemplate(ResourcePage.template(WAL_URI))
            .name("wal-page")
            .title("Write-ahead log, a later page")
            .description("A later page of " + WAL_URI + ": pass the nextCursor of the page before.")
            .mimeType("application/json")
            .build(), (exchange, request) -> readWal(engine, request.uri()));
    }

    private static McpSchema.ReadResourceResult readWal(final Engine engine, final String uri)
    {
        final ObjectNode whole = Json.MAPPER.createObjectNode();
        whole.set("frames", Json.tree(engine.log().records()));
        return ResourcePage.read(uri, whole, Digests.sha256(CanonicalJson.bytes(whole)));
    }

    static McpServerFeatures.SyncResourceTemplateSpecification plans(final Engine engine)
    {
        return new McpServerFeatures.SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder()
            .uriTemplate(PLAN_TEMPLATE)
            .name("plan")
            .title("Plan")
            .description("A plan by id (sha256:<hex>), as written by rtt_plan, checked against its id, at most " +
                "20000 characters a page: when the text has nextCursor, read rtt://plans/<id>" +
                ResourcePage.CURSOR_QUERY + "<nextCursor> for the next.")
            .mimeType("application/json")
            .build(), (exchange, request) ->
        {
            final String id = ResourcePage.base(request.uri()).substring("rtt://plans/".length());
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
            final ObjectNode whole = (ObjectNode)Json.MAPPER.readTree(PlanFiles.read(file).canonicalBytes());
            return ResourcePage.read(request.uri(), whole, id);
        });
    }
}
