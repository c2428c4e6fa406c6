package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as {@link Rtt#main} builds it, with captured streams: exit codes and both streams are API.
 */
class CliTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return Rtt.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void shouldListVerbsAndExitCodesInHelp()
    {
        assertEquals(0, run("--help"));
        for (final String verb : new String[] {"up", "scan", "serve", "version"})
        {
            assertTrue(out.toString().contains("  " + verb), out.toString());
        }
        assertTrue(out.toString().contains("3   refused by policy"), out.toString());
    }

    @Test
    void shouldPrintHelpForEveryVerb()
    {
        for (final String verb : new String[] {"up", "scan", "serve", "version"})
        {
            assertEquals(0, run(verb, "--help"), verb);
            assertTrue(out.toString().contains("Usage: rtt " + verb), verb);
        }
    }

    @Test
    void shouldPrintVersion()
    {
        assertEquals(0, run("version"));
        assertTrue(out.toString().startsWith("rtt "));
        assertTrue(out.toString().contains("MCP Java SDK 2.1.0"), out.toString());
    }

    @Test
    void shouldExitTwoForMissingWorkspace()
    {
        assertEquals(2, run("scan", dir.resolve("nope").toString()));
        assertEquals("rtt: workspace is not a directory: " + dir.resolve("nope") + System.lineSeparator(),
            err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldExitTwoForUnknownOptionAndMissingTransport()
    {
        assertEquals(2, run("scan", "--frobnicate"));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
        assertEquals(2, run("serve", dir.toString()));
        assertTrue(err.toString().contains("Missing required argument"), err.toString());
        assertEquals(2, run("serve", "--http", "localhost:http", dir.toString()));
        assertTrue(err.toString().contains("--http expects [HOST:]PORT"), err.toString());
    }

    @Test
    void shouldPrintCanonicalIndexWithJson() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);

        assertEquals(0, run("scan", "--json", shop.toString()));

        assertArrayEquals(Files.readAllBytes(shop.resolve(".rtt/index/symbols.index.json")),
            out.toString().strip().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldShowComponentsEdgesAndEvidenceOnUp() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);

        assertEquals(0, run("up", shop.toString()));

        final String text = out.toString();
        assertTrue(text.contains("6 components (2 datastore, 4 service), 7 edges"), text);
        assertTrue(text.contains("  api -> db"), text);
        assertTrue(text.contains("compose.yaml:9  DATABASE_URL=postgres://shop:***@db:5432/shop"), text);
        assertEquals("", err.toString());
    }
}
