package io.rtt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/**
 * The bench's command line as {@link BenchCommand#main} builds it: help, and what it refuses before measuring.
 */
class BenchCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return BenchCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void shouldPrintUsageAndExitCodesForEveryBenchCommand()
    {
        for (final String[] args : new String[][] {{"--help"}, {"lanes", "--help"}})
        {
            out.getBuffer().setLength(0);
            assertEquals(0, run(args), String.join(" ", args));
            assertTrue(out.toString().startsWith("Usage: rtt bench"), out.toString());
            assertTrue(out.toString().contains("Exit codes:"), out.toString());
            assertTrue(out.toString().contains("1   failed: a goal missed"), out.toString());
            assertTrue(out.toString().contains("2   bad input"), out.toString());
        }
        assertEquals("", err.toString());
    }

    @Test
    void shouldExitTwoForRunsBelowOne()
    {
        assertEquals(2, run("lanes", "--runs", "0"));
        assertTrue(err.toString().startsWith("--runs must be at least 1, got 0"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldExitTwoWithUsageWithoutABenchmark()
    {
        assertEquals(2, run());
        assertTrue(err.toString().startsWith("Usage: rtt bench"), err.toString());
    }
}
