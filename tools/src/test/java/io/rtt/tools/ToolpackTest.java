package io.rtt.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolpackTest
{
    private static final JsonSchemaValidator VALIDATOR = McpJsonDefaults.getSchemaValidator();

    @TempDir
    Path dir;

    /** The server skips schema checks at start (DeferredSchemaValidator) because this test makes them. */
    @Test
    void shouldBundleValidInputAndOutputSchemasForEveryTool()
    {
        for (final McpServerFeatures.SyncToolSpecification spec : new Toolpack(Engine.open(dir)).tools())
        {
            final McpSchema.Tool tool = spec.tool();
            assertTrue(VALIDATOR.validateSchema(ToolJson.toMap(tool.inputSchema())).valid(), tool.name());
            assertTrue(VALIDATOR.validateSchema(tool.outputSchema()).valid(), tool.name());
            assertTrue(tool.name().matches("rtt_[a-z_]+"), tool.name());
        }
    }

    @Test
    void shouldReturnScanMatchingItsOutputSchemaWithMonotonicProgress() throws Exception
    {
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"app\", \"scripts\": {\"start\": \"node .\"}}");
        final Toolpack toolpack = new Toolpack(Engine.open(dir));
        final List<Double> progress = new ArrayList<>();

        final McpSchema.CallToolResult result = toolpack.call("rtt_scan", Map.of(), (done, total, m) -> progress.add(done));

        assertFalse(result.isError());
        final McpSchema.Tool tool = toolpack.tools().get(0).tool();
        assertTrue(VALIDATOR.validate(tool.outputSchema(), result.structuredContent()).valid());
        assertEquals(progress.stream().sorted().distinct().toList(), progress);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPageListsWithCursorsBoundToTheIndex() throws Exception
    {
        for (int i = 0; i < 5; i++)
        {
            Files.createDirectories(dir.resolve("p" + i));
            Files.writeString(dir.resolve("p" + i + "/package.json"), "{\"name\": \"p" + i + "\"}");
        }
        final Toolpack toolpack = new Toolpack(Engine.open(dir));

        final var first = (Map<String, Object>)toolpack.call("rtt_scan", Map.of("limit", 2), Progress.NONE)
            .structuredContent();
        final var second = (Map<String, Object>)toolpack.call("rtt_scan",
            Map.of("limit", 2, "cursor", first.get("nextCursor")), Progress.NONE).structuredContent();
        final var third = (Map<String, Object>)toolpack.call("rtt_scan",
            Map.of("limit", 2, "cursor", second.get("nextCursor")), Progress.NONE).structuredContent();

        assertEquals(List.of("p0", "p1"), ids(first));
        assertEquals(List.of("p2", "p3"), ids(second));
        assertEquals(List.of("p4"), ids(third));
        assertFalse(third.containsKey("nextCursor"));
        assertEquals(5, ((Map<String, Object>)third.get("counts")).get("components"));

        Files.writeString(dir.resolve("p0/package.json"), "{\"name\": \"renamed\"}");
        final McpSchema.CallToolResult stale = toolpack.call("rtt_scan",
            Map.of("limit", 2, "cursor", first.get("nextCursor")), Progress.NONE);
        assertTrue(stale.isError());
        assertTrue(((McpSchema.TextContent)stale.content().get(0)).text()
            .startsWith("cursor belongs to an earlier scan; the index changed since: call again without cursor"));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(final Map<String, Object> page)
    {
        return ((List<Map<String, Object>>)page.get("components")).stream().map(c -> c.get("id")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReportDriftReadOnlyThenFixAfterADryRun() throws Exception
    {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/package.json"), "{\"name\": \"a\", \"dependencies\": {\"pg\": \"^8.11.0\"}}");
        Files.writeString(dir.resolve("b/package.json"), "{\"name\": \"b\", \"dependencies\": {\"pg\": \"^8.12.0\"}}");
        final Toolpack toolpack = new Toolpack(Engine.open(dir));
        final Map<String, McpSchema.Tool> tools = new java.util.HashMap<>();
        toolpack.tools().forEach(t -> tools.put(t.tool().name(), t.tool()));

        final McpSchema.CallToolResult report = toolpack.call("rtt_doctor", Map.of(), Progress.NONE);
        final McpSchema.CallToolResult dryRun = toolpack.call("rtt_doctor_fix", Map.of(), Progress.NONE);

        assertTrue(VALIDATOR.validate(tools.get("rtt_doctor").outputSchema(), report.structuredContent()).valid());
        assertEquals(true, ((Map<String, Object>)report.structuredContent()).get("drifts"));
        assertTrue(tools.get("rtt_doctor").annotations().readOnlyHint());
        assertTrue(tools.get("rtt_doctor_fix").annotations().destructiveHint());
        final Map<String, Object> dry = (Map<String, Object>)dryRun.structuredContent();
        assertTrue(((String)dry.get("diff")).contains("-{\"name\": \"a\", \"dependencies\": {\"pg\": \"^8.11.0\"}}"));
        assertTrue(Files.readString(dir.resolve("a/package.json")).contains("^8.11.0"), "a dry run writes nothing");

        toolpack.call("rtt_doctor_fix", Map.of("dry_run", false), Progress.NONE);

        assertTrue(Files.readString(dir.resolve("a/package.json")).contains("^8.12.0"));
        assertEquals(false, ((Map<String, Object>)toolpack.call("rtt_doctor", Map.of(), Progress.NONE)
            .structuredContent()).get("drifts"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPlanRefuseUnsignedThenApplyAndLogWithProof() throws Exception
    {
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: node:20\n    environment:\n" +
            "      DATABASE_URL: postgres://db/x\n  db:\n    image: postgres:16\n");
        final Engine engine = Engine.open(dir);
        io.rtt.engine.trust.Keyring.of(engine.workspace()).init("human");
        final Toolpack toolpack = new Toolpack(engine);

        final Map<String, Object> plan = (Map<String, Object>)toolpack.call("rtt_plan", Map.of(), Progress.NONE)
            .structuredContent();
        final McpSchema.CallToolResult refused = toolpack.call("rtt_apply", Map.of("plan", plan.get("id")), Progress.NONE);

        assertEquals(true, plan.get("changes"));
        assertTrue(refused.isError());
        assertTrue(((McpSchema.TextContent)refused.content().get(0)).text().contains("is unsigned: sign it with `rtt sign "),
            refused.toString());

        engine.applier().sign(io.rtt.engine.plan.PlanFiles.read(java.nio.file.Path.of((String)plan.get("file"))),
            null, 0, java.time.Duration.ofHours(1));
        final McpSchema.CallToolResult applied = toolpack.call("rtt_apply", Map.of("plan", plan.get("id")), Progress.NONE);
        final Map<String, Object> log = (Map<String, Object>)toolpack.call("rtt_log", Map.of("proof", 1), Progress.NONE)
            .structuredContent();

        final Map<String, Object> routes = (Map<String, Object>)toolpack.call("rtt_routes", Map.of(), Progress.NONE)
            .structuredContent();

        assertFalse(applied.isError(), applied.toString());
        assertEquals(1, ((List<?>)log.get("frames")).size());
        assertEquals(0, ((Number)routes.get("served")).intValue());
        final Map<String, Object> route = ((List<Map<String, Object>>)routes.get("routes")).get(0);
        assertEquals("api->db", route.get("route"));
        assertEquals("no built-in driver postgres yet (built in: echo, sqlite)", route.get("detail"));
        assertEquals(0, ((Map<String, Object>)log.get("inclusion")).get("leafIndex"));
    }

    @Test
    void shouldTurnBadArgumentsIntoToolErrorsWithNextStep()
    {
        final Toolpack toolpack = new Toolpack(Engine.open(dir));

        final McpSchema.CallToolResult unknown = toolpack.call("rtt_scan", Map.of("depth", 1), Progress.NONE);
        final McpSchema.CallToolResult wrongType = toolpack.call("rtt_scan", Map.of("refresh", "yes"), Progress.NONE);
        final McpSchema.CallToolResult missing = toolpack.call("rtt_scan", Map.of("path", "nope"), Progress.NONE);

        assertEquals("unknown argument 'depth'; known: [cursor, limit, path, refresh]\nNext: correct the arguments (see the tool's " +
            "input schema) and call again.", ((McpSchema.TextContent)unknown.content().get(0)).text());
        assertTrue(wrongType.isError());
        assertTrue(((McpSchema.TextContent)missing.content().get(0)).text()
            .startsWith("no such path in workspace: nope"));
    }
}
