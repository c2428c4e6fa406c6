package io.rtt.server;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.rtt.engine.RttException;
import io.rtt.server.cli.ApplyCommand;
import io.rtt.server.cli.DoctorCommand;
import io.rtt.server.cli.GenCommand;
import io.rtt.server.cli.KeysCommand;
import io.rtt.server.cli.LogCommand;
import io.rtt.server.cli.MetricsCommand;
import io.rtt.server.cli.PlanCommand;
import io.rtt.server.cli.QueryCommand;
import io.rtt.server.cli.RecordCommand;
import io.rtt.server.cli.RollbackCommand;
import io.rtt.server.cli.RoutesCommand;
import io.rtt.server.cli.ShowCommand;
import io.rtt.server.cli.SignCommand;
import io.rtt.server.cli.ExitCodes;
import io.rtt.server.cli.ScanCommand;
import io.rtt.server.cli.ServeCommand;
import io.rtt.server.cli.UpCommand;
import io.rtt.server.cli.TerminalText;
import io.rtt.server.cli.VerifyCommand;
import io.rtt.server.cli.VersionCommand;
import io.rtt.server.mcp.StdioServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code rtt} command: one verb per pipeline step, results on stdout, everything else on stderr.
 */
@Command(
    name = "rtt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Wires the components of a polyglot repository together on one host.",
    subcommands = {
        UpCommand.class,
        ScanCommand.class,
        DoctorCommand.class,
        PlanCommand.class,
        ShowCommand.class,
        KeysCommand.class,
        SignCommand.class,
        ApplyCommand.class,
        RollbackCommand.class,
        GenCommand.class,
        LogCommand.class,
        RoutesCommand.class,
        MetricsCommand.class,
        RecordCommand.class,
        VerifyCommand.class,
        QueryCommand.class,
        ServeCommand.class,
        VersionCommand.class,
        CommandLine.HelpCommand.class,
    },
    footer = {"%nThe lane benchmarks ship in a jar of their own: ./rtt bench lanes --help."})
public final class Rtt implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
        description = "Log debug detail to stderr and print stack traces of failures.")
    private boolean verbose;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        for (final String arg : args)
        {
            if ("-v".equals(arg) || "--verbose".equals(arg))
            {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            }
        }
        if (args.length >= 2 && args.length <= 3 && "serve".equals(args[0]) && "--stdio".equals(args[1]) &&
            (args.length == 2 || !args[2].startsWith("-")))
        {
            // What desktop clients spawn on every connect: skip building the CLI model. Picocli's classes are Java 5
            // bytecode, which the class-data-sharing archive cannot hold, so parsing costs ~90 ms of each cold start.
            int code;
            try
            {
                StdioServer.serve(Path.of(args.length == 3 ? args[2] : "."));
                code = ExitCodes.OK;
            }
            catch (final RttException ex)
            {
                System.err.println("rtt: " + ex.getMessage());
                code = ExitCodes.of(ex.kind());
            }
            System.exit(code);
        }
        final int code = commandLine(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)).execute(args);
        System.exit(code);
    }

    /**
     * Builds the command line with its streams, as {@link #main} does and tests do.
     *
     * @param out where results go.
     * @param err where messages go.
     * @return the configured command line.
     */
    public static CommandLine commandLine(final PrintWriter out, final PrintWriter err)
    {
        final CommandLine commandLine = new CommandLine(new Rtt());
        commandLine.setOut(new TerminalText(out));
        commandLine.setErr(err);
        return ExitCodes.install(commandLine);
    }

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a verb is required; see rtt --help");
    }
}
