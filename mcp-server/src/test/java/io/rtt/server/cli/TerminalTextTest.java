package io.rtt.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class TerminalTextTest
{
    @Test
    void shouldEscapeControlCharactersInPrintedNamesButNotTheFormat()
    {
        final StringWriter text = new StringWriter();
        final PrintWriter out = new TerminalText(new PrintWriter(text));

        out.printf("  %-6s %s %d%n", "svc\nfake", "\u001b[31mred\u009b", 3);
        out.flush();

        assertEquals("  svc\\nfake \\x1b[31mred\\x9b 3" + System.lineSeparator(), text.toString());
    }

    @Test
    void shouldLeavePlainTextAsItIs()
    {
        assertEquals("api->db: shm (priority 1) ünïcode", TerminalText.escape("api->db: shm (priority 1) ünïcode"));
    }
}
