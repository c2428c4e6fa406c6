package io.rtt.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest
{
    @Test
    void shouldSerialiseMcpErrorWithoutStackTrace() throws Exception
    {
        final McpError error = McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("bad frame").build();

        assertEquals("{\"jsonRpcError\":{\"code\":-32600,\"message\":\"bad frame\"},\"message\":\"bad frame\"}",
            ToolJson.MAPPER.writeValueAsString(error));
    }

    @Test
    void shouldSerialiseAnyThrowableAsItsMessageOnly() throws Exception
    {
        assertEquals("{\"message\":\"disk full\"}",
            ToolJson.MAPPER.writeValueAsString(new IllegalStateException("disk full")));
    }
}
