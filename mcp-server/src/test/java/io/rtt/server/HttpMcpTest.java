package io.rtt.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.rtt.tools.ToolJson;
import org.junit.jupiter.api.AfterEach;

class HttpMcpTest extends AbstractMcpContractTest
{
    private final List<RttHttpProcess> servers = new ArrayList<>();

    @Override
    McpClient.SyncSpec client(final Path workspace) throws Exception
    {
        final RttHttpProcess server = new RttHttpProcess(workspace, "contract-token");
        servers.add(server);
        final URI uri = URI.create(server.url);
        final HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
            .builder(uri.getScheme() + "://" + uri.getAuthority())
            .endpoint(uri.getPath())
            .jsonMapper(ToolJson.MAPPER)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer contract-token"))
            .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void stopServers() throws InterruptedException
    {
        for (final RttHttpProcess server : servers)
        {
            server.close();
        }
    }
}
