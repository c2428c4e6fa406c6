package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} of every command in the tree, found by walking picocli's model so a new verb is covered the day it
 * is registered: usage on stdout, nothing on stderr, exit 0, and every exit code listed.
 */
class HelpTest
{
    private static final String[] CODES = {
        "    0   ", "    1   failed", "    2   bad input", "    3   refused", "    4   ", "  130   interrupted",
    };

    @Test
    void shouldPrintUsageAndEveryExitCodeForEveryCommand()
    {
        final List<List<String>> commands = new ArrayList<>();
        walk(Rtt.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
            new ArrayList<>(), commands);
        assertTrue(commands.containsAll(List.of(List.of(), List.of("plan"), List.of("keys", "init"), List.of("help"))),
            "the walk reaches the root, the verbs and keys' subcommands: " + commands);

        for (final List<String> command : commands)
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final List<String> args = new ArrayList<>(command);
            args.add("--help");

            final int code = Rtt.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));

            final String name = String.join(" ", command);
            assertEquals(0, code, name);
            // picocli's own help command puts its one-line header above the usage line
            assertTrue(out.toString().startsWith("Usage: rtt" + (command.isEmpty() ? " " : " " + name + " ")) ||
                out.toString().contains("%nUsage: rtt %s ".formatted(name)), name + ": " + out);
            assertTrue(out.toString().contains("%nExit codes:%n".formatted()), name + ": " + out);
            for (final String listed : CODES)
            {
                assertTrue(out.toString().contains(listed), name + " lists '" + listed.strip() + "': " + out);
            }
            assertEquals("", err.toString(), name);
        }
    }

    private static void walk(final CommandLine line, final List<String> path, final List<List<String>> into)
    {
        into.add(List.copyOf(path));
        line.getSubcommands().forEach((name, sub) ->
        {
            if (name.equals(sub.getCommandName()))
            {
                path.add(name);
                walk(sub, path, into);
                path.remove(path.size() - 1);
            }
        });
    }
}
