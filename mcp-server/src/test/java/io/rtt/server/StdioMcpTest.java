package io.rtt.server;

import java.nio.file.Path;
import java.time.Duration;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.rtt.tools.ToolJson;

class StdioMcpTest extends AbstractMcpContractTest
{
    @Override
    McpClient.SyncSpec client(final Path workspace)
    {
        return stdio(workspace);
    }

    /** The SDK's client over the stdio of a spawned {@code rtt serve --stdio}. */
    static McpClient.SyncSpec stdio(final Path workspace)
    {
        final ServerParameters params = ServerParameters.builder("java")
            .args("-jar", TestWorkspaces.JAR.toString(), "serve", "--stdio", workspace.toString())
            .build();
        return McpClient.sync(new StdioClientTransport(params, ToolJson.MAPPER))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60));
    }
}
