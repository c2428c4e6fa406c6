package io.rtt.server.mcp;

import java.time.Duration;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.rtt.server.Version;
import io.rtt.tools.ToolJson;
import io.rtt.tools.Toolpack;

/**
 * Builds the MCP server over a toolpack for any transport, so every transport serves the same tools, resources
 * and prompts.
 */
public final class McpServers
{
    /** How long one request may run before the SDK answers it with a timeout error. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private static final String INSTRUCTIONS = "RTT wires the components of this repository together. " +
        "Start with rtt_scan to see the components, who calls whom (edges with evidence) and diagnostics; " +
        "the full index is the resource rtt://index. The prompt wire_repository walks through it.";

    private McpServers()
    {
    }

    /**
     * A server over a single-session transport (stdio, legacy SSE).
     *
     * @param toolpack  the tools, resources and prompts.
     * @param transport the transport.
     * @return the running server.
     */
    public static McpSyncServer build(final Toolpack toolpack, final McpServerTransportProvider transport)
    {
        if (transport instanceof StdioTransportProvider stdio)
        {
            stdio.intake(intake(toolpack));
        }
        return configure(McpServer.sync(transport), toolpack);
    }

    /**
     * A server over the Streamable HTTP transport.
     *
     * @param toolpack  the tools, resources and prompts.
     * @param transport the transport.
     * @return the running server.
     */
    public static McpSyncServer build(final Toolpack toolpack, final McpStreamableServerTransportProvider transport)
    {
        return configure(McpServer.sync(transport), toolpack);
    }

    /**
     * The intake every transport of a server passes messages through before the SDK sees them.
     *
     * @param toolpack the tools the server offers.
     * @return a new intake, with no call in flight.
     */
    public static CallIntake intake(final Toolpack toolpack)
    {
        return new CallIntake(toolpack.toolNames());
    }

    private static McpSyncServer configure(final McpServer.SyncSpecification<?> spec, final Toolpack toolpack)
    {
        return spec
            .serverInfo(Version.NAME, Version.VERSION)
            .instructions(INSTRUCTIONS)
            .jsonMapper(ToolJson.MAPPER)
            .jsonSchemaValidator(new DeferredSchemaValidator())
            // The toolpack checks arguments against the input schema itself, so its refusal carries a next step.
            .validateToolInputs(false)
            .requestTimeout(REQUEST_TIMEOUT)
            .capabilities(toolpack.capabilities())
            .tools(toolpack.tools())
            .resources(toolpack.resources())
            .resourceTemplates(toolpack.resourceTemplates())
            .prompts(toolpack.prompts())
            .build();
    }
}
