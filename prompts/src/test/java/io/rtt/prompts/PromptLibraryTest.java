package io.rtt.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PromptLibraryTest
{
    @Test
    void shouldLoadBundledWireRepositoryPrompt()
    {
        final PromptTemplate template = PromptLibrary.bundled().find("wire_repository").orElseThrow();

        assertEquals("Wire a repository", template.title());
        assertEquals(2, template.arguments().size());
        assertTrue(template.render(Map.of("path", "services")).contains("`rtt_scan` tool with `{\"path\": \"services\"}`"));
        assertTrue(template.render(Map.of()).contains("repository at `.` together with RTT, for local development"));
    }

    @Test
    void shouldRejectUnknownArgument()
    {
        final PromptTemplate template = PromptLibrary.bundled().find("wire_repository").orElseThrow();

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> template.render(Map.of("colour", "red")));
        assertEquals("prompt wire_repository has no argument 'colour'", ex.getMessage());
    }

    @Test
    void shouldRequireRequiredArgument()
    {
        final PromptTemplate template = PromptLibrary.parse("t.md",
            "---\nname: t\ntitle: T\ndescription: d\nargument: who | whom to greet | required\n---\nhello {{who}}\n");

        assertEquals("hello world\n", template.render(Map.of("who", "world")));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> template.render(Map.of()));
        assertEquals("prompt t needs argument 'who': whom to greet", ex.getMessage());
    }

    @Test
    void shouldRefuseTemplateWithoutHeader()
    {
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> PromptLibrary.parse("bad.md", "no header"));
        assertEquals("bad.md: template must start with a --- header", ex.getMessage());
    }
}
