package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.flight.FlightRecorder;
import io.rtt.engine.flight.RecordingStatus;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt record}: the running panel's flight recording, read over its control socket, or, with {@code --dump},
 * a dump of it written by the panel under {@code .rtt/recordings/}.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = "Show the workspace's running panel's flight recording (a continuous JDK Flight Recorder " +
        "recording of reconciles, applies, rollbacks, breaker transitions, SLO breaches and verify verdicts, with " +
        "the JVM's GC and CPU load; the last 10 minutes, 32 MiB at most) and the dumps kept. With --dump the panel " +
        "writes it to a file <UTC time>-<reason>.jfr in .rtt/recordings (0600; the newest 20 are kept) and this " +
        "prints its path. Open a dump with `jfr print` or JDK Mission Control. Exit 3 when no panel runs.")
public final class RecordCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--dump", description = "Have the panel dump its recording and print the file's path.")
    private boolean dump;

    @Option(names = "--reason", paramLabel = "REASON",
        description = "Why, with --dump; it names the file: letters, digits, '-' and '_' (default: " +
            FlightRecorder.DEFAULT_REASON + ").")
    private String reason;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call()
    {
        if (reason != null && !dump)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reason names a dump: add --dump");
        }
        final Engine engine = Engine.open(workspace.path);
        final PrintWriter out = spec.commandLine().getOut();
        if (dump)
        {
            final RecordingStatus.Dump written = engine.dumpRecording(reason == null ? FlightRecorder.DEFAULT_REASON :
                reason);
            out.println(json ? CanonicalJson.string(Json.tree(written)) : written.path());
        }
        else
        {
            final RecordingStatus status = engine.recording();
            if (json)
            {
                out.println(CanonicalJson.string(Json.tree(status)));
            }
            else
            {
                print(out, status);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(final PrintWriter out, final RecordingStatus status)
    {
        if (status.running())
        {
            out.printf(Locale.ROOT, "flight recording running since %s: %s on disk so far, keeping the last %d min " +
                "and %s at most%n", status.startedAt(), bytes(status.sizeBytes()), status.maxAgeSeconds() / 60,
                bytes(status.maxSizeBytes()));
        }
        else
        {
            out.println("no flight recording: the panel was started with it off, or its JVM has no flight recorder");
        }
        out.printf(Locale.ROOT, "%d dumps in %s (the newest %d are kept; `rtt record --dump` adds one)%n",
            status.dumps().size(), TerminalText.escape(status.directory()), status.maxDumps());
        for (final RecordingStatus.Dump d : status.dumps())
        {
            out.printf(Locale.ROOT, "  %-10s %s%n", bytes(d.bytes()), TerminalText.escape(d.path()));
        }
    }

    /** A size in the unit that keeps it short. */
    private static String bytes(final long bytes)
    {
        if (bytes < 1024)
        {
            return bytes + " B";
        }
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) :
            String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
