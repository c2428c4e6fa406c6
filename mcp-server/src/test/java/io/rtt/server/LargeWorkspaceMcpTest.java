package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.json.Json;
import io.rtt.engine.plan.PlanFiles;
import io.rtt.engine.trust.Keyring;
import io.rtt.testsupport.PageAssembler;
import io.rtt.tools.ToolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent driving the real server over stdio on a large workspace: 200 compose services with long environment
 * lists (one of them referencing every other, an item larger than a page on its own) and 200 manifests whose
 * dependencies drift. Every tool result and every resource page stays within the default budget, and paging with
 * the cursors shows every item, and every part of a cut item, exactly once.
 */
@Timeout(600)
class LargeWorkspaceMcpTest
{
    /** The default budget of a result, in characters of its JSON. */
    private static final int BUDGET = 20_000;
    private static final int SERVICES = 200;

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepEveryResultAndResourceWithinBudgetAndPageToEveryItemOnce() throws Exception
    {
        final Path workspace = generate(dir.resolve("large"));
        final McpSyncClient client = StdioMcpTest.stdio(workspace).requestTimeout(Duration.ofMinutes(5)).build();
        client.initialize();
        try
        {
            client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("limit", 1))); // pages below from cache
            final Paged scan = tool(client, "rtt_scan", Map.of());
            final Map<String, Object> index = json(workspace.resolve(".rtt/index/symbols.index.json"));
            for (final String list : List.of("components", "edges", "diagnostics"))
            {
                assertNull(PageAssembler.firstDifference(index.get(list), scan.whole().get(list)), list);
            }
            assertTrue(scan.cutInside(), "the service that references every other is cut inside");
            assertNull(PageAssembler.firstDifference(index, resource(client, "rtt://index").whole()));

            final Paged doctor = tool(client, "rtt_doctor", Map.of("all", true));
            final Map<String, Object> report = json(workspace.resolve(".rtt/plans/dep.unify.json"));
            assertNull(PageAssembler.firstDifference(report.get("groups"), doctor.whole().get("groups")));
            assertEquals(12, ((List<?>)doctor.whole().get("groups")).size());

            final Paged fix = tool(client, "rtt_doctor_fix", Map.of());
            assertEquals(Engine.open(workspace).fixDependencies(true).diff(), fix.whole().get("diff"));

            final Paged plan = tool(client, "rtt_plan", Map.of());
            final String id = (String)plan.whole().get("id");
            final Path planFile = Path.of((String)plan.whole().get("file"));
            final Map<String, Object> written = json(planFile);
            assertNull(PageAssembler.firstDifference(written, resource(client, "rtt://plans/" + id).whole()));
            assertEquals(((List<?>)((Map<String, Object>)written.get("desired")).get("routes")).size(),
                ((List<?>)plan.whole().get("actions")).size());

            final Engine engine = Engine.open(workspace);
            Keyring.of(engine.workspace()).init("human");
            engine.applier().sign(PlanFiles.read(planFile), null, 0, Duration.ofHours(1));
            assertFalse(client.callTool(new McpSchema.CallToolRequest("rtt_apply", Map.of("plan", id))).isError());

            final Paged routes = tool(client, "rtt_routes", Map.of());
            assertEquals(((List<?>)plan.whole().get("actions")).size(), ((List<?>)routes.whole().get("routes")).size());
            // the apply records the trust set it was checked against in a frame before its own
            assertEquals(2, ((List<?>)tool(client, "rtt_log", Map.of("proof", 1)).whole().get("frames")).size());
            assertEquals(2, ((List<?>)resource(client, "rtt://wal").whole().get("frames")).size());
            for (final Paged paged : List.of(scan, doctor, fix, plan, routes))
            {
                assertTrue(paged.pages() > 1, "a large result takes several pages");
            }
        }
        finally
        {
            client.closeGracefully();
        }
    }

    /** The pages of one tool's result, put back together. */
    private record Paged(Map<String, Object> whole, int pages, boolean cutInside)
    {
    }

    @SuppressWarnings("unchecked")
    private static Paged tool(final McpSyncClient client, final String name, final Map<String, Object> arguments)
        throws IOException
    {
        final PageAssembler assembler = new PageAssembler();
        boolean cutInside = false;
        String cursor = null;
        do
        {
            final Map<String, Object> call = new HashMap<>(arguments);
            if (cursor != null)
            {
                call.put("cursor", cursor);
            }
            final McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(name, call));
            assertFalse(result.isError(), () -> AbstractMcpContractTest.text(result));
            final Map<String, Object> page = (Map<String, Object>)result.structuredContent();
            final int length = ToolJson.MAPPER.writeValueAsString(page).length();
            assertTrue(length <= BUDGET, name + " page " + (assembler.pages() + 1) + " has " + length + " characters");
            assertTrue(AbstractMcpContractTest.text(result).length() <= BUDGET);
            cutInside |= page.toString().contains("truncated={evidence=") ||
                page.toString().contains("truncated={endpoints=");
            assembler.add(page);
            cursor = (String)page.get("nextCursor");
        }
        while (cursor != null);
        return new Paged(assembler.whole(), assembler.pages(), cutInside);
    }

    @SuppressWarnings("unchecked")
    private static Paged resource(final McpSyncClient client, final String uri) throws IOException
    {
        final PageAssembler assembler = new PageAssembler();
        String cursor = null;
        do
        {
            final McpSchema.ReadResourceResult result = client.readResource(
                new McpSchema.ReadResourceRequest(cursor == null ? uri : uri + "?cursor=" + cursor));
            final String text = ((McpSchema.TextResourceContents)result.contents().get(0)).text();
            assertTrue(text.length() <= BUDGET, uri + " page " + (assembler.pages() + 1) + " has " + text.length());
            final Map<String, Object> page = Json.MAPPER.readValue(text, Map.class);
            assembler.add(page);
            cursor = (String)page.get("nextCursor");
        }
        while (cursor != null);
        return new Paged(assembler.whole(), assembler.pages(), false);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(final Path file) throws IOException
    {
        return Json.MAPPER.readValue(Files.readAllBytes(file), Map.class);
    }

    /**
     * Writes the workspace: services {@code svc0..svc199} in one compose file, each calling three others and the
     * database, with 25 settings of its own; {@code svc0} calls every other service. Each service has a
     * {@code package.json} whose 12 dependencies drift across the services.
     */
    private static Path generate(final Path root) throws IOException
    {
        Files.createDirectories(root);
        final List<String> compose = new ArrayList<>(List.of("services:"));
        for (int i = 0; i < SERVICES; i++)
        {
            compose.add("  svc" + i + ":");
            compose.add("    build: ./svc" + i);
            compose.add("    ports:");
            compose.add("      - \"" + (8000 + i) + ":" + (8000 + i) + "\"");
            compose.add("    environment:");
            final List<Integer> calls = new ArrayList<>();
            for (int other = 1; other < SERVICES; other++)
            {
                if (i == 0 || other == (i + 1) % SERVICES || other == (i + 2) % SERVICES ||
                    other == (i + 3) % SERVICES)
                {
                    calls.add(other);
                }
            }
            for (final int other : calls)
            {
                compose.add("      SVC" + other + "_URL: http://svc" + other + ":" + (8000 + other) +
                    "/api/v1/resource/with/a/long/path");
            }
            for (int setting = 0; setting < 25; setting++)
            {
                compose.add("      FEATURE_" + setting + "_SETTING: value-" + setting + "-for-service-" + i);
            }
            compose.add("      DATABASE_URL: postgres://app:secret@db:5432/app" + i);
            final StringBuilder dependencies = new StringBuilder();
            for (int k = 0; k < 12; k++)
            {
                dependencies.append(k == 0 ? "" : ", ").append("\"lib").append(k).append("\": \"^")
                    .append(1 + (i + k) % 3).append('.').append(i * k % 7).append(".0\"");
            }
            Files.createDirectories(root.resolve("svc" + i));
            Files.writeString(root.resolve("svc" + i + "/package.json"), "{\"name\": \"svc" + i +
                "\", \"scripts\": {\"start\": \"node .\"}, \"dependencies\": {" + dependencies + "}}\n");
        }
        compose.add("  db:");
        compose.add("    image: postgres:16");
        compose.add("    ports:");
        compose.add("      - \"5432:5432\"");
        Files.write(root.resolve("compose.yaml"), compose);
        return root;
    }
}
