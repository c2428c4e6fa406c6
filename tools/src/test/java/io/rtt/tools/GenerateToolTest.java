package io.rtt.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.trust.Keyring;
import io.rtt.testsupport.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtt_generate} on the bundled example, committed: a client per route in each caller's language, an answer
 * that matches the output schema, honest annotations, a second call that changes nothing, and refusals as tool errors
 * with a next step.
 */
class GenerateToolTest
{
    private static final JsonSchemaValidator VALIDATOR = McpJsonDefaults.getSchemaValidator();

    @TempDir
    Path dir;

    private Engine engine;
    private Toolpack toolpack;

    @BeforeEach
    void commitTheExample() throws Exception
    {
        engine = Engine.open(Examples.copy("shop", dir));
        Keyring.of(engine.workspace()).init("human");
        final Plan plan = engine.plan();
        engine.applier().sign(plan, null, 0, Duration.ofHours(1));
        assertTrue(engine.applier().apply(plan, false).committed());
        toolpack = new Toolpack(engine);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteAClientPerRouteInEachCallersLanguageAndChangeNothingTheSecondTime()
    {
        final McpSchema.CallToolResult first = toolpack.call(GenerateTool.NAME, Map.of(), Progress.NONE);
        assertFalse(first.isError(), first.toString());
        assertSchema(first);
        final Map<String, Object> report = (Map<String, Object>)first.structuredContent();
        final Map<String, String> clients = new TreeMap<>();
        for (final Map<String, Object> file : (List<Map<String, Object>>)report.get("files"))
        {
            assertEquals("created", file.get("status"), file.toString());
            if (file.containsKey("route"))
            {
                clients.put((String)file.get("route"), file.get("language") + " " + file.get("path"));
            }
        }
        assertEquals(Map.of(
            "api->cache", "node .rtt/drivers/api/cache-client.mjs",
            "api->catalog", "node .rtt/drivers/api/catalog-client.mjs",
            "api->db", "node .rtt/drivers/api/db-client.mjs",
            "billing->db", "java .rtt/drivers/billing/DbClient.java",
            "catalog->db", "go .rtt/drivers/catalog/db_client.go",
            "worker->cache", "python .rtt/drivers/worker/cache_client.py",
            "worker->db", "python .rtt/drivers/worker/db_client.py",
            "worker->ledger", "python .rtt/drivers/worker/ledger_client.py"), clients);
        assertEquals(List.of(), report.get("skipped"));

        final McpSchema.CallToolResult second = toolpack.call(GenerateTool.NAME, Map.of(), Progress.NONE);
        assertTrue(((List<Map<String, Object>>)((Map<String, Object>)second.structuredContent()).get("files"))
            .stream().allMatch(f -> f.get("status").equals("unchanged")), second.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteEveryClientInTheAskedLanguageUnderTheAskedDirectory()
    {
        final McpSchema.CallToolResult result = toolpack.call(GenerateTool.NAME, Map.of("language", "go", "out",
            "internal/rtt"), Progress.NONE);
        assertFalse(result.isError(), result.toString());
        final Map<String, Object> report = (Map<String, Object>)result.structuredContent();
        assertEquals("internal/rtt", report.get("out"));
        assertTrue(((List<Map<String, Object>>)report.get("files")).stream()
            .allMatch(f -> f.get("language").equals("go") && ((String)f.get("path")).startsWith("internal/rtt/")));
        assertTrue(Files.exists(engine.workspace().root().resolve("internal/rtt/billing/db_client.go")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPageALongAnswerWithACursor()
    {
        final McpSchema.CallToolResult first = toolpack.call(GenerateTool.NAME, Map.of("maxChars", 2000),
            Progress.NONE);
        final Map<String, Object> page = (Map<String, Object>)first.structuredContent();
        assertTrue(page.containsKey("nextCursor"), page.toString());
        final McpSchema.CallToolResult next = toolpack.call(GenerateTool.NAME, Map.of("maxChars", 2000, "cursor",
            page.get("nextCursor")), Progress.NONE);
        assertFalse(next.isError(), next.toString());
        assertSchema(next);
        assertFalse(((List<?>)((Map<String, Object>)next.structuredContent()).get("files")).isEmpty());
    }

    @Test
    void shouldAnnotateItselfAsWritingIdempotently()
    {
        final McpSchema.ToolAnnotations annotations = definition().annotations();
        assertFalse(annotations.readOnlyHint());
        assertTrue(annotations.destructiveHint());
        assertTrue(annotations.idempotentHint());
    }

    @Test
    void shouldRefuseAnOutputDirectoryOutsideTheWorkspaceAndAnUnknownLanguage()
    {
        final McpSchema.CallToolResult outside = toolpack.call(GenerateTool.NAME, Map.of("out", "../elsewhere"),
            Progress.NONE);
        assertTrue(outside.isError());
        assertTrue(text(outside).startsWith("connectors go inside the workspace, and ../elsewhere is outside it"),
            text(outside));
        assertFalse(Files.exists(dir.resolve("elsewhere")));
        final McpSchema.CallToolResult cobol = toolpack.call(GenerateTool.NAME, Map.of("language", "cobol"),
            Progress.NONE);
        assertTrue(cobol.isError());
        assertTrue(text(cobol).startsWith("the arguments do not match the input schema of rtt_generate: [/language: " +
            "does not have a value in the enumeration"), text(cobol));
    }

    private McpSchema.Tool definition()
    {
        return toolpack.tools().stream().map(McpServerFeatures.SyncToolSpecification::tool)
            .filter(t -> t.name().equals(GenerateTool.NAME)).findFirst().orElseThrow();
    }

    private void assertSchema(final McpSchema.CallToolResult result)
    {
        final JsonSchemaValidator.ValidationResponse valid =
            VALIDATOR.validate(definition().outputSchema(), result.structuredContent());
        assertTrue(valid.valid(), valid.errorMessage());
    }

    private static String text(final McpSchema.CallToolResult result)
    {
        return ((McpSchema.TextContent)result.content().get(0)).text();
    }
}
