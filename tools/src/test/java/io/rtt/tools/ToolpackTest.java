package io.rtt.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CopyOnWriteArrayList;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.testsupport.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

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
    void shouldReturnScanMatchingItsOutputSchema() throws Exception
    {
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"app\", \"scripts\": {\"start\": \"node .\"}}");
        final Toolpack toolpack = new Toolpack(Engine.open(dir));

        final McpSchema.CallToolResult result = toolpack.call("rtt_scan", Map.of(), Progress.NONE);

        assertFalse(result.isError());
        final McpSchema.Tool tool = toolpack.tools().get(0).tool();
        assertTrue(VALIDATOR.validate(tool.outputSchema(), result.structuredContent()).valid());
    }

    @Test
    void shouldSendIncreasingProgressNotificationsForScanWithProgressToken() throws Exception
    {
        for (int i = 0; i < 70; i++)
        {
            Files.createDirectories(dir.resolve("svc" + i));
            Files.writeString(dir.resolve("svc" + i + "/package.json"), "{\"name\": \"svc" + i + "\"}");
        }
        final RecordingSession session = new RecordingSession();

        final McpSchema.CallToolResult result = tool(new Toolpack(Engine.open(dir)), "rtt_scan").callHandler()
            .apply(session.exchange(), McpSchema.CallToolRequest.builder("rtt_scan").progressToken("scan-1").build());

        assertFalse(result.isError());
        final List<McpSchema.ProgressNotification> progress = session.progress();
        assertTrue(progress.size() >= 4, "walk, two parse steps, assembly: " + progress);
        for (int i = 0; i < progress.size(); i++)
        {
            assertEquals("scan-1", progress.get(i).progressToken());
            assertTrue(i == 0 || progress.get(i).progress() > progress.get(i - 1).progress(), progress.toString());
        }
        final McpSchema.ProgressNotification last = progress.get(progress.size() - 1);
        assertEquals(last.total(), last.progress(), "the last notification says the work is done");
        assertEquals("assemble 1/1", last.message());
    }

    @Test
    void shouldSendNoProgressWithoutProgressTokenAndLogOnlyAtTheLevelTheClientSet() throws Exception
    {
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"app\"}");
        final Toolpack toolpack = new Toolpack(Engine.open(dir));
        final RecordingSession info = new RecordingSession();
        final RecordingSession debug = new RecordingSession();
        debug.setMinLoggingLevel(McpSchema.LoggingLevel.DEBUG);

        tool(toolpack, "rtt_scan").callHandler().apply(debug.exchange(),
            new McpSchema.CallToolRequest("rtt_scan", Map.of("refresh", true)));
        tool(toolpack, "rtt_scan").callHandler().apply(info.exchange(),
            new McpSchema.CallToolRequest("rtt_scan", Map.of("refresh", true)));

        assertEquals(List.of(), info.progress());
        assertEquals(List.of(McpSchema.LoggingLevel.INFO, McpSchema.LoggingLevel.INFO),
            info.logs().stream().map(McpSchema.LoggingMessageNotification::level).toList());
        assertTrue(info.logs().get(0).data().startsWith("scanned .: 1 components, 0 edges, "), info.logs().toString());
        assertTrue(debug.logs().stream().anyMatch(l -> l.level() == McpSchema.LoggingLevel.DEBUG &&
            l.data().equals("assemble 1/1")), debug.logs().toString());
        assertTrue(debug.logs().stream().allMatch(l -> "rtt_scan".equals(l.logger())));
    }

    @Test
    void shouldAnswerNothingForCancelledCallsAndForgetThem() throws Exception
    {
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"app\"}");
        final Toolpack toolpack = new Toolpack(Engine.open(dir));
        final RecordingSession session = new RecordingSession();
        final List<String> forgotten = new ArrayList<>();

        for (final String name : List.of("rtt_scan", "rtt_doctor", "rtt_doctor_fix", "rtt_plan"))
        {
            final Cancellation cancellation = new Cancellation(() -> forgotten.add(name));
            cancellation.cancel();
            final McpSchema.CallToolResult result = tool(toolpack, name).callHandler()
                .apply(session.exchange(cancellation), new McpSchema.CallToolRequest(name, Map.of()));
            assertEquals(null, result, name + ": the SDK sends no response for a null result");
        }

        assertEquals(List.of("rtt_scan", "rtt_doctor", "rtt_doctor_fix", "rtt_plan"), forgotten);
        assertFalse(Files.exists(dir.resolve(".rtt/index/symbols.index.json")), "a cancelled scan writes nothing");
        assertFalse(Files.exists(dir.resolve(".rtt/plans")), "nor does a cancelled doctor or plan");
    }

    private static McpServerFeatures.SyncToolSpecification tool(final Toolpack toolpack, final String name)
    {
        return toolpack.tools().stream().filter(t -> t.tool().name().equals(name)).findFirst().orElseThrow();
    }

    /** A client session that records what the server sends it, at the logging level the client set. */
    private static final class RecordingSession implements McpLoggableSession
    {
        private final List<Object> sent = new CopyOnWriteArrayList<>();
        private volatile McpSchema.LoggingLevel level = McpSchema.LoggingLevel.INFO;

        McpSyncServerExchange exchange()
        {
            return exchange(null);
        }

        McpSyncServerExchange exchange(final Cancellation cancellation)
        {
            final McpTransportContext context = cancellation == null ? McpTransportContext.EMPTY :
                McpTransportContext.create(Map.of(Cancellation.CONTEXT_KEY, cancellation));
            return new McpSyncServerExchange(new McpAsyncServerExchange("session", this,
                new McpSchema.ClientCapabilities(null, null, null, null), new McpSchema.Implementation("test", "1"),
                context));
        }

        List<McpSchema.ProgressNotification> progress()
        {
            return sent.stream().filter(McpSchema.ProgressNotification.class::isInstance)
                .map(McpSchema.ProgressNotification.class::cast).toList();
        }

        List<McpSchema.LoggingMessageNotification> logs()
        {
            return sent.stream().filter(McpSchema.LoggingMessageNotification.class::isInstance)
                .map(McpSchema.LoggingMessageNotification.class::cast).toList();
        }

        @Override
        public <T> Mono<T> sendRequest(final String method, final Object params, final TypeRef<T> type)
        {
            return Mono.error(new UnsupportedOperationException("the toolpack sends no requests: " + method));
        }

        @Override
        public Mono<Void> sendNotification(final String method, final Object params)
        {
            return Mono.fromRunnable(() -> sent.add(params));
        }

        @Override
        public Mono<Void> closeGracefully()
        {
            return Mono.empty();
        }

        @Override
        public void close()
        {
        }

        @Override
        public void setMinLoggingLevel(final McpSchema.LoggingLevel minLoggingLevel)
        {
            level = minLoggingLevel;
        }

        @Override
        public boolean isNotificationForLevelAllowed(final McpSchema.LoggingLevel loggingLevel)
        {
            return loggingLevel.level() >= level.level();
        }
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
        assertEquals("cursor belongs to an earlier result: what it pages changed since; call again without cursor\n" +
            "Next: correct the arguments (see the tool's input schema) and call again.",
            ((McpSchema.TextContent)stale.content().get(0)).text());
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
        assertEquals("plan " + plan.get("id") + " is unsigned, and only a human can sign it: ask the user to run `rtt " +
            "sign " + plan.get("file") + "`, then call rtt_apply again\nNext: refused by policy: do what the message " +
            "says (a path inside the workspace, a plan a human signed with trusted keys, a fresh plan); the same call " +
            "unchanged is refused again.", ((McpSchema.TextContent)refused.content().get(0)).text());

        engine.applier().sign(io.rtt.engine.plan.PlanFiles.read(java.nio.file.Path.of((String)plan.get("file"))),
            null, 0, java.time.Duration.ofHours(1));
        final McpSchema.CallToolResult applied = toolpack.call("rtt_apply", Map.of("plan", plan.get("id")), Progress.NONE);
        final Map<String, Object> log = (Map<String, Object>)toolpack.call("rtt_log", Map.of("proof", 1), Progress.NONE)
            .structuredContent();

        final Map<String, Object> routes = (Map<String, Object>)toolpack.call("rtt_routes", Map.of(), Progress.NONE)
            .structuredContent();

        assertFalse(applied.isError(), applied.toString());
        assertEquals(2, ((List<?>)log.get("frames")).size(), "the trust set's frame, then the apply");
        assertEquals(0, ((Number)routes.get("served")).intValue());
        final Map<String, Object> route = ((List<Map<String, Object>>)routes.get("routes")).get(0);
        assertEquals("api->db", route.get("route"));
        assertEquals("no built-in driver postgres yet (built in: echo, redis, sqlite)", route.get("detail"));
        assertEquals(0, ((Map<String, Object>)log.get("inclusion")).get("leafIndex"));
    }

    @Test
    void shouldRefuseUnsignedPlanSayingAHumanSignsItAfterCreatingAKey() throws Exception
    {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: node:20\n    environment:\n" +
            "      DATABASE_URL: postgres://db/x\n  db:\n    image: postgres:16\n");
        final Toolpack toolpack = new Toolpack(Engine.open(dir));
        @SuppressWarnings("unchecked")
        final Map<String, Object> plan = (Map<String, Object>)toolpack.call("rtt_plan", Map.of(), Progress.NONE)
            .structuredContent();

        final McpSchema.CallToolResult refused = toolpack.call("rtt_apply", Map.of("plan", plan.get("id")), Progress.NONE);

        assertEquals("plan " + plan.get("id") + " is unsigned, and only a human can sign it: ask the user to run `rtt " +
            "keys init -w " + Engine.open(dir).workspace().root() + "` (this workspace has no signing key yet), then " +
            "`rtt sign " + plan.get("file") + "`, then call rtt_apply again", firstLine(refused));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldStartThePanelReadItsMetricsAfterTrafficAndStopItThroughToolsAlone() throws Exception
    {
        final Engine engine = Engine.open(Examples.copy("shop", dir));
        io.rtt.engine.trust.Keyring.of(engine.workspace()).init("human");
        final io.rtt.engine.plan.Plan plan = engine.plan();
        engine.applier().sign(plan, null, 0, Duration.ofHours(1));
        engine.applier().apply(plan, false);
        final Toolpack toolpack = new Toolpack(engine);
        final String none = "no panel serves this workspace: run `rtt serve --detach " + engine.workspace().root() +
            "`";

        final Map<String, Object> idle = (Map<String, Object>)toolpack.call("rtt_panel",
            Map.of("action", "status"), Progress.NONE).structuredContent();
        assertEquals(Map.of("action", "status", "running", false, "detail", none +
            ", or call rtt_panel with action=start"), idle);
        assertEquals(none + "\nNext: refused by policy: do what the message says (a path inside the workspace, a " +
            "plan a human signed with trusted keys, a fresh plan); the same call unchanged is refused again.",
            ((McpSchema.TextContent)toolpack.call("rtt_metrics", Map.of(), Progress.NONE).content().get(0)).text());

        final McpSchema.CallToolResult started = toolpack.call("rtt_panel", Map.of("action", "start",
            "metricsPort", 0), Progress.NONE);
        assertFalse(started.isError(), started.toString());
        final Map<String, Object> status = (Map<String, Object>)((Map<String, Object>)started.structuredContent())
            .get("status");
        final long pid = ((Number)status.get("pid")).longValue();
        try
        {
            assertSchema(toolpack, "rtt_panel", started);
            assertTrue(pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isPresent(), "its own process");
            // echo, sqlite, and the cache's two routes through a redis dev service; postgres is not on this class path
            assertEquals(4, ((Number)status.get("served")).intValue());
            try (RouteClient catalog = RouteClient.connect(engine.workspace().root(), "api->catalog"))
            {
                for (int i = 0; i < 200; i++)
                {
                    catalog.request(new byte[] {(byte)i}, Duration.ofSeconds(30)).join();
                }
            }

            final McpSchema.CallToolResult metrics = toolpack.call("rtt_metrics", Map.of("route", "api->catalog",
                "windowSeconds", 30), Progress.NONE);
            assertFalse(metrics.isError(), metrics.toString());
            assertSchema(toolpack, "rtt_metrics", metrics);
            final Map<String, Object> catalog = ((List<Map<String, Object>>)((Map<String, Object>)metrics
                .structuredContent()).get("routes")).get(0);
            assertEquals(200, ((Number)catalog.get("requests")).intValue());
            assertEquals(200, ((Number)((Map<String, Object>)catalog.get("latency")).get("samples")).intValue());

            assertQueriesGoThroughTheRoutesReadOnlyUnlessWritesAreAllowed(toolpack);

            final McpSchema.CallToolResult again = toolpack.call("rtt_panel", Map.of("action", "start"),
                Progress.NONE);
            assertTrue(again.isError());
            assertEquals("a panel already serves this workspace (pid " + pid + "); stop it first with `rtt serve " +
                "--stop " + engine.workspace().root() + "`", firstLine(again));
            assertEquals(pid, ((Number)((Map<String, Object>)((Map<String, Object>)toolpack.call("rtt_panel",
                Map.of("action", "status"), Progress.NONE).structuredContent()).get("status")).get("pid")).longValue());
        }
        finally
        {
            final Map<String, Object> stopped = (Map<String, Object>)toolpack.call("rtt_panel",
                Map.of("action", "stop"), Progress.NONE).structuredContent();
            assertEquals(Map.of("stopped", true, "pid", pid, "detail", "stopped at its control socket's request"),
                stopped.get("stop"), stopped.toString());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the panel's process ended");
    }

    @SuppressWarnings("unchecked")
    private static void assertQueriesGoThroughTheRoutesReadOnlyUnlessWritesAreAllowed(final Toolpack toolpack)
    {
        final McpSchema.CallToolResult selected = toolpack.call("rtt_query", Map.of("component", "ledger",
            "query", "select 1 + ? as n, 'a' as s", "params", List.of(41)), Progress.NONE);
        assertFalse(selected.isError(), selected.toString());
        assertSchema(toolpack, "rtt_query", selected);
        final Map<String, Object> table = (Map<String, Object>)selected.structuredContent();
        assertEquals(List.of("n", "s"), table.get("columns"));
        assertEquals(List.of(List.of(42, "a")), table.get("rows"));
        assertEquals("worker->ledger", table.get("route"));
        assertEquals(true, table.get("readOnly"));

        final McpSchema.CallToolResult refused = toolpack.call("rtt_query", Map.of("component", "ledger",
            "query", "create table notes(body text)"), Progress.NONE);
        assertTrue(refused.isError());
        assertTrue(firstLine(refused).startsWith("ledger refused the query: [SQLITE_READONLY]"), firstLine(refused));
        final McpSchema.CallToolResult created = toolpack.call("rtt_query", Map.of("component", "ledger",
            "query", "create table notes(body text)", "allowWrites", true), Progress.NONE);
        assertFalse(created.isError(), created.toString());
        assertEquals(Map.of("changes", 0), ((Map<String, Object>)created.structuredContent()).get("answer"));

        assertTrue(firstLine(toolpack.call("rtt_query", Map.of("component", "cache", "query", "SET cart:1 x"),
            Progress.NONE)).startsWith("cache refused the query: command SET is refused in a read-only request"));
        assertEquals("OK", ((Map<String, Object>)toolpack.call("rtt_query", Map.of("component", "cache", "query",
            "SET", "params", List.of("cart:1", "two words"), "allowWrites", true), Progress.NONE)
            .structuredContent()).get("answer"));
        final Map<String, Object> got = (Map<String, Object>)toolpack.call("rtt_query", Map.of("component", "cache",
            "query", "GET cart:1"), Progress.NONE).structuredContent();
        assertEquals("two words", got.get("answer"));
        assertTrue(((String)got.get("route")).endsWith("->cache"), got.toString());

        assertEquals("no component nowhere in the committed graph; components: [api, billing, cache, catalog, db, " +
            "ledger, worker]", firstLine(toolpack.call("rtt_query", Map.of("component", "nowhere", "query",
            "select 1"), Progress.NONE)));
    }

    private static void assertSchema(final Toolpack toolpack, final String tool,
        final McpSchema.CallToolResult result)
    {
        final McpSchema.Tool definition = toolpack.tools().stream().map(McpServerFeatures.SyncToolSpecification::tool)
            .filter(t -> t.name().equals(tool)).findFirst().orElseThrow();
        final JsonSchemaValidator.ValidationResponse valid =
            VALIDATOR.validate(definition.outputSchema(), result.structuredContent());
        assertTrue(valid.valid(), tool + ": " + valid.errorMessage());
    }

    @Test
    void shouldTurnBadArgumentsIntoToolErrorsWithNextStep()
    {
        final Toolpack toolpack = new Toolpack(Engine.open(dir));

        final McpSchema.CallToolResult unknown = toolpack.call("rtt_scan", Map.of("depth", 1), Progress.NONE);
        final McpSchema.CallToolResult wrongType = toolpack.call("rtt_scan", Map.of("refresh", "yes"), Progress.NONE);
        final McpSchema.CallToolResult outOfBounds = toolpack.call("rtt_scan", Map.of("limit", 5000), Progress.NONE);
        final McpSchema.CallToolResult missing = toolpack.call("rtt_scan", Map.of("path", "nope"), Progress.NONE);

        final String next = "\nNext: correct the arguments (see the tool's input schema) and call again.";
        assertEquals("unknown argument 'depth'; known: [cursor, limit, maxChars, path, refresh]" + next,
            ((McpSchema.TextContent)unknown.content().get(0)).text());
        assertEquals("the arguments do not match the input schema of rtt_scan: [/refresh: string found, boolean " +
            "expected]" + next, ((McpSchema.TextContent)wrongType.content().get(0)).text());
        assertEquals("the arguments do not match the input schema of rtt_scan: [/limit: must have a maximum value " +
            "of 1000]" + next, ((McpSchema.TextContent)outOfBounds.content().get(0)).text());
        assertTrue(((McpSchema.TextContent)missing.content().get(0)).text()
            .startsWith("no such path in workspace: nope"));
    }

    private static String firstLine(final McpSchema.CallToolResult result)
    {
        final String text = ((McpSchema.TextContent)result.content().get(0)).text();
        return text.substring(0, text.indexOf('\n'));
    }
}
