package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
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

    abstract McpSyncClient connect(Path workspace) throws Exception;

    @BeforeEach
    void start() throws Exception
    {
        workspace = TestWorkspaces.shop(dir);
        client = connect(workspace);
        client.initialize();
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
        assertTrue(((McpSchema.TextContent)refused.content().get(0)).text()
            .startsWith("path is outside the workspace: ../.."));
        assertFalse(client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("path", "api"))).isError());
    }

    @Test
    void shouldRefuseUnknownArgumentAsToolError()
    {
        final McpSchema.CallToolResult result =
            client.callTool(new McpSchema.CallToolRequest("rtt_scan", Map.of("refresh", true, "depth", 3)));

        assertTrue(result.isError());
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
