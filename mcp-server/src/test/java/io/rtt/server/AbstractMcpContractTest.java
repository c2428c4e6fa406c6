package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.json.Json;
import io.rtt.testsupport.PageAssembler;
import io.rtt.tools.ToolJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every transport must do, driven by the SDK's own Java client against the real jar.
 */
@Timeout(120)
abstract class AbstractMcpContractTest
{
    @TempDir
    Path dir;

    Path workspace;
    McpSyncClient client;
    final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
    final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

    /**
     * The SDK's client for this transport, against the real jar serving a workspace; not yet built.
     *
     * @param workspace the workspace the server serves.
     * @return the client's specification.
     * @throws Exception if the server cannot be started.
     */
    abstract McpClient.SyncSpec client(Path workspace) throws Exception;

    @BeforeEach
    void start() throws Exception
    {
        workspace = TestWorkspaces.shop(dir);
        client = connect(workspace);
    }

    /**
     * An initialised client of a server of a workspace, recording the log and progress notifications it receives.
     *
     * @param served the workspace.
     * @return the client.
     * @throws Exception if the server cannot be started.
     */
    McpSyncClient connect(final Path served) throws Exception
    {
        final McpSyncClient connected = client(served).loggingConsumer(logs::add).progressConsumer(progress::add)
            .build();
        connected.initialize();
        return connected;
    }

    @AfterEach
    void stop()
    {
        if (client != null)
        {
            client.closeGracefully();
        }
    }

    @Test
    void shouldListScanToolWithHonestAnnotations()
    {
        final McpSchema.Tool tool = client.listTools().tools().stream()
            .filter(t -> t.name().equals("rtt_scan")).findFirst().orElseThrow();

        assertTrue(tool.annotations().readOnlyHint());
        assertTrue(tool.annotations().idempotentHint());
        assertFalse(tool.annotations().destructiveHint());
        assertTrue(tool.description().endsWith("Read-only: it changes none of your files, only RTT's own cache " +
            "under .rtt/index/."), tool.description());
        assertEquals("object", tool.outputSchema().get("type"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldScanWorkspaceIntoStructuredContent()
    {
        final McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of()));

        assertFalse(result.isError());
        final Map<String, Object> content = (Map<String, Object>)result.structuredContent();
        assertEquals("rtt://index", content.get("index"));
        assertEquals(7, ((List<?>)content.get("components")).size());
        assertEquals(8, ((List<?>)content.get("edges")).size());
        assertEquals(Map.of("datastore", 3, "service", 4), ((Map<String, Object>)content.get("counts")).get("byKind"));
        assertTrue(Files.isRegularFile(workspace.resolve(".rtt/index/symbols.index.json")));
    }

    @Test
    void shouldRefusePathOutsideWorkspaceAsToolErrorAndKeepServing()
    {
        final McpSchema.CallToolResult refused =
            client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("path", "../..")));

        assertTrue(refused.isError());
        assertTrue(text(refused).startsWith("path is outside the workspace: ../.."));
        assertFalse(client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("path", "api"))).isError());
    }

    @Test
    void shouldRefuseUnknownArgumentAsToolErrorWithNextStep()
    {
        final McpSchema.CallToolResult result =
            client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("refresh", true, "depth", 3)));

        assertTrue(result.isError());
        assertEquals("unknown argument 'depth'; known: [cursor, limit, maxChars, path, refresh]\nNext: correct the " +
            "arguments (see the tool's input schema) and call again.", text(result));
    }

    @Test
    void shouldRefuseArgumentsTheSchemaRulesOutWithNextStep()
    {
        final McpSchema.CallToolResult result =
            client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("limit", 5000)));

        assertTrue(result.isError());
        assertEquals("the arguments do not match the input schema of rtt_scan: [/limit: must have a maximum value " +
            "of 1000]\nNext: correct the arguments (see the tool's input schema) and call again.", text(result));
    }

    @Test
    void shouldRefuseUnknownToolNamingItInTheMessage()
    {
        final McpError error = assertThrows(McpError.class,
            () -> client.callTool(new McpSchema.CallToolRequest("rtt_nope", Map.of())));

        assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, error.getJsonRpcError().code());
        assertEquals("unknown tool 'rtt_nope'; the tools are rtt_scan, rtt_doctor, rtt_doctor_fix, rtt_plan, " +
            "rtt_apply, rtt_rollback, rtt_log, rtt_routes, rtt_panel, rtt_metrics, rtt_verify, rtt_query, " +
            "rtt_generate\nNext: call one of them (tools/list describes each).",
            error.getJsonRpcError().message());
        assertFalse(client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of())).isError(), "still serving");
    }

    @Test
    void shouldSendLogNotificationsAtTheLevelTheClientSet()
    {
        client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("refresh", true)));
        final int atInfo = logs.size();
        client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);

        client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("refresh", true)));

        awaitTrue(() -> logs.stream().anyMatch(l -> l.level() == McpSchema.LoggingLevel.DEBUG &&
            "assemble 1/1".equals(l.data())));
        assertTrue(logs.subList(0, atInfo).stream().allMatch(l -> l.level() == McpSchema.LoggingLevel.INFO),
            logs.toString());
        assertTrue(logs.stream().anyMatch(l -> l.level() == McpSchema.LoggingLevel.INFO &&
            "rtt_scan".equals(l.logger()) &&
            "scanned .: 7 components, 8 edges, 0 diagnostics from 14 files".equals(l.data())), logs.toString());
    }

    @Test
    void shouldSendIncreasingProgressForScanWithProgressToken()
    {
        final McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("rtt_scan")
            .arguments(Map.of("refresh", true)).progressToken("scan-progress").build());

        assertFalse(result.isError());
        awaitTrue(() -> progress.stream().anyMatch(p -> "assemble 1/1".equals(p.message())));
        for (int i = 1; i < progress.size(); i++)
        {
            assertTrue(progress.get(i).progress() > progress.get(i - 1).progress(), progress.toString());
        }
        assertEquals(List.of("walk 14/14", "parse 8/8", "assemble 1/1"),
            progress.stream().map(McpSchema.ProgressNotification::message).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepEveryPageWithinMaxCharsAndReachEveryItemOnce() throws Exception
    {
        client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of())); // every page below from the same cache
        final PageAssembler pages = new PageAssembler();
        String cursor = null;
        do
        {
            final Map<String, Object> arguments = cursor == null ? Map.of("maxChars", 2000) :
                Map.of("maxChars", 2000, "cursor", cursor);
            final McpSchema.CallToolResult page = client.callTool(new McpSchema.CallToolRequest("rtt_scan", arguments));
            final Map<String, Object> content = (Map<String, Object>)page.structuredContent();
            assertTrue(ToolJson.MAPPER.writeValueAsString(content).length() <= 2000, text(page));
            pages.add(content);
            cursor = (String)content.get("nextCursor");
        }
        while (cursor != null);

        final Map<String, Object> index = Json.MAPPER.readValue(
            Files.readAllBytes(workspace.resolve(".rtt/index/symbols.index.json")), Map.class);
        assertTrue(pages.pages() > 3, "pages: " + pages.pages());
        for (final String list : List.of("components", "edges", "diagnostics"))
        {
            assertNull(PageAssembler.firstDifference(Json.MAPPER.convertValue(index.get(list), List.class),
                pages.whole().get(list)), list);
        }
    }

    static String text(final McpSchema.CallToolResult result)
    {
        return ((McpSchema.TextContent)result.content().get(0)).text();
    }

    /** Notifications travel beside the result; wait for them against a deadline rather than a sleep. */
    static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.yield();
        }
    }

    @Test
    void shouldServeIndexResourceAndWirePrompt()
    {
        final McpSchema.ReadResourceResult index = client.readResource(new McpSchema.ReadResourceRequest("rtt://index"));
        final String text = ((McpSchema.TextResourceContents)index.contents().get(0)).text();
        assertTrue(text.startsWith("{\"components\":["), text);
        assertTrue(text.contains("\"format\":\"rtt.index/1\""));

        final McpSchema.GetPromptResult prompt =
            client.getPrompt(new McpSchema.GetPromptRequest("wire_repository", Map.of("path", "api")));
        assertTrue(((McpSchema.TextContent)prompt.messages().get(0).content()).text().contains("`api`"));
    }
}
