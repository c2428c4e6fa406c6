package io.rtt.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.gen.GenerateReport;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt gen}: for each committed route, a typed client in its calling component's language.
 */
@Command(name = "gen", mixinStandardHelpOptions = true,
    description = "Generate connectors: for each route committed at the WAL head, a small typed client in the " +
        "calling component's language (java, python, node for JavaScript and TypeScript, go) that speaks the route " +
        "driver's requests (query/transaction for postgres and sqlite, command/get/set for redis, run for neo4j, " +
        "call for others), carries the route's deadline and turns error frames into the language's errors. Written " +
        "under .rtt/drivers/<component>/ with the RTT client library it builds on; the same plan gives the same " +
        "bytes, and what is written inside rtt:keep regions survives regeneration.")
public final class GenCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--lang", paramLabel = "LANG",
        description = "Write every client in LANG: java, python, node or go (default: each calling component's " +
            "own language; routes from components of other languages are skipped, saying why).")
    private String lang;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Write each calling component's clients under DIR/<component>/ instead of " +
            ".rtt/drivers/<component>/; DIR is relative to the current directory and must lie inside the workspace.")
    private Path out;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call()
    {
        final GenerateReport report = Engine.open(workspace.path).generate(lang,
            out == null ? null : out.toAbsolutePath().toString());
        final PrintWriter printer = spec.commandLine().getOut();
        if (json)
        {
            printer.println(CanonicalJson.string(Json.tree(report)));
        }
        else
        {
            print(printer, report);
        }
        printer.flush();
        return ExitCodes.OK;
    }

    private static void print(final PrintWriter out, final GenerateReport report)
    {
        if (report.seq() > 0)
        {
            out.printf("connectors of plan %s (graph %s, WAL frame %d) in %s%n", report.plan(), report.graph(),
                report.seq(), report.out());
        }
        for (final GenerateReport.File file : report.files())
        {
            out.printf("  %-9s %-6s %-18s %s%n", file.status(), file.language(), file.route() == null ? "(library)" :
                file.route(), file.path());
        }
        for (final GenerateReport.Skipped skipped : report.skipped())
        {
            out.printf("  skipped %s: %s%n", skipped.route(), skipped.reason());
        }
        for (final String note : report.notes())
        {
            out.printf("note: %s%n", note);
        }
        final long changed = report.files().stream().filter(f -> !f.status().equals("unchanged")).count();
        out.printf("%d files, %d written, %d unchanged; %d routes skipped%n", report.files().size(), changed,
            report.files().size() - changed, report.skipped().size());
    }
}
