package io.rtt.server.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.rtt.engine.RttException;
import picocli.CommandLine;

/**
 * The exit codes every {@code rtt} verb uses, and the one place that maps a failure to one of them. They are API:
 * scripts rely on them, and every verb's {@code --help} lists them. A verb returns {@link #OK} or {@link #CHANGES};
 * a failure is an exception, which {@link #install} maps for every verb alike.
 */
public final class ExitCodes
{
    /** The work was done. */
    public static final int OK = 0;
    /** The work failed (I/O, a bug): see the message on stderr. */
    public static final int FAILED = 1;
    /** Bad input: an unknown option, a missing argument, a path that does not exist. Fix the command line. */
    public static final int BAD_INPUT = 2;
    /** Refused by policy, e.g. a path outside the workspace or an unsigned plan: see the message for what to do. */
    public static final int REFUSED = 3;
    /**
     * The work was done and found something to change, as terraform's {@code plan -detailed-exitcode} says with its
     * 2: {@code plan} planned changes (sign and apply the plan), {@code doctor} found drift ({@code doctor --fix}),
     * {@code verify} (and {@code up}, which ends with one) found a check that fails.
     */
    public static final int CHANGES = 4;
    /** Interrupted (SIGINT): the JVM's 128 + 2. */
    public static final int INTERRUPTED = 130;

    private static final String HEADING = "%nExit codes:%n";
    private static final Map<Integer, String> MEANINGS = Map.of(
        OK, "ok",
        FAILED, "failed: I/O error or internal error (message on stderr)",
        BAD_INPUT, "bad input: usage error, malformed argument, no such path",
        REFUSED, "refused by policy: e.g. a path outside the workspace, an unsigned plan",
        CHANGES, "changes: plan planned changes, doctor found drift, verify found a failing check",
        INTERRUPTED, "interrupted (Ctrl-C)");

    private ExitCodes()
    {
    }

    /**
     * The exit code for an engine failure.
     *
     * @param kind what went wrong.
     * @return the code.
     */
    public static int of(final RttException.Kind kind)
    {
        return switch (kind)
        {
            case BAD_INPUT -> BAD_INPUT;
            case REFUSED -> REFUSED;
            case IO, INTERNAL -> FAILED;
        };
    }

    /**
     * The exit code for any failure a verb throws.
     *
     * @param failure what a verb threw.
     * @return the code.
     */
    public static int of(final Throwable failure)
    {
        if (failure instanceof RttException rtt)
        {
            return of(rtt.kind());
        }
        return failure instanceof CommandLine.ParameterException ? BAD_INPUT : FAILED;
    }

    /**
     * Makes the command line and each of its subcommands map failures to these codes and list them in its help:
     * the message on stderr, its stack trace only with {@code --verbose}, then the code.
     *
     * @param commandLine the root of the command tree.
     * @return the same command line.
     */
    public static CommandLine install(final CommandLine commandLine)
    {
        commandLine.setExitCodeExceptionMapper(ExitCodes::of);
        commandLine.setExecutionExceptionHandler((ex, line, parseResult) ->
        {
            line.getErr().println("rtt: " + TerminalText.escape(ex instanceof RttException ? ex.getMessage() :
                ex.toString()));
            if (verbose(parseResult))
            {
                ex.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return of(ex);
        });
        list(commandLine);
        return commandLine;
    }

    /** Every code in every help, the verb's own wording of a code (its exitCodeList) kept over the common one. */
    private static void list(final CommandLine line)
    {
        final CommandLine.Model.UsageMessageSpec usage = line.getCommandSpec().usageMessage();
        final Map<Integer, String> meanings = new TreeMap<>(MEANINGS);
        usage.exitCodeList().forEach((code, meaning) -> meanings.put(Integer.valueOf(code.strip()), meaning));
        final Map<String, String> listed = new LinkedHashMap<>();
        meanings.forEach((code, meaning) -> listed.put(String.format("%3d", code), meaning));
        usage.exitCodeListHeading(HEADING).exitCodeList(listed);
        line.getSubcommands().values().forEach(ExitCodes::list);
    }

    private static boolean verbose(final CommandLine.ParseResult parseResult)
    {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand())
        {
            if (p.matchedOption("--verbose") != null)
            {
                return true;
            }
        }
        return false;
    }
}
