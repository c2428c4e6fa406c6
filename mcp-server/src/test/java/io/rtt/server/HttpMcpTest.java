package io.rtt.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.rtt.tools.ToolJson;
import org.junit.jupiter.api.AfterEach;

class HttpMcpTest extends AbstractMcpContractTest
{
    private RttHttpProcess server;

    @Override
    McpSyncClient connect(final Path workspace) throws Exception
    {
        server = new RttHttpProcess(workspace, "contract-token");
        final URI uri = URI.create(server.url);
        final HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
            .builder(uri.getScheme() + "://" + uri.getAuthority())
            .endpoint(uri.getPath())
            .jsonMapper(ToolJson.MAPPER)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer contract-token"))
            .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    }

    @AfterEach
    void stopServer() throws InterruptedException
    {
        if (server != null)
        {
            server.close();
        }
    }
}
