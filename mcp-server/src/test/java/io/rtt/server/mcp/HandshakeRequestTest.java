package io.rtt.server.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What a handshake snapshot may answer: only requests it reads exactly as the server would; every other line is left
 * to the server.
 */
class HandshakeRequestTest
{
    private static final String PARAMS =
        "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":true}}," +
            "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\",\"title\":\"C\"}}";

    @Test
    void shouldReadAnInitializeWithAnIntegerOrPlainStringId()
    {
        assertEquals(new HandshakeRequest("7", "initialize", "2025-06-18"),
            HandshakeRequest.parse(" {\"jsonrpc\":\"2.0\", \"id\":7, \"method\":\"initialize\", \"params\":" + PARAMS +
                "} "));
        assertEquals(new HandshakeRequest("\"a-1\"", "initialize", "2025-06-18"),
            HandshakeRequest.parse("{\"params\":" + PARAMS + ",\"method\":\"initialize\",\"id\":\"a-1\"," +
                "\"jsonrpc\":\"2.0\"}"));
    }

    @Test
    void shouldReadAListRequestWithoutCursorWhateverItsMethod()
    {
        assertEquals(new HandshakeRequest("2", "tools/list", ""),
            HandshakeRequest.parse("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools\\/list\"}"));
        assertEquals(new HandshakeRequest("3", "prompts/list", ""),
            HandshakeRequest.parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\",\"params\":" +
                "{\"_meta\":{\"progressToken\":1},\"cursor\":null}}"));
    }

    @Test
    void shouldLeaveToTheServerWhatItCannotAnswerExactly()
    {
        for (final String line : new String[] {
            "",
            "not json",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"} trailing",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"has space\",\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"esc\\u0061ped\",\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"next\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"extra\":true}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"," +
                "\"capabilities\":{},\"clientInfo\":{\"name\":\"c\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":20250618," +
                "\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"," +
                "\"capabilities\":[],\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"a\":\"\\x\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"a\":01}}",
        })
        {
            assertEquals(HandshakeRequest.UNANSWERED, HandshakeRequest.parse(line), line);
        }
    }
}
