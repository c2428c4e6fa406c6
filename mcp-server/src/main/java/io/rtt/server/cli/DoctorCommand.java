package io.rtt.server.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.deps.DepFixer;
import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.deps.DriftGroup;
import io.rtt.engine.deps.Occurrence;
import io.rtt.engine.model.Diagnostic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt doctor}: version drift across every ecosystem's manifests, and its fix. Drift exits with
 * {@link ExitCodes#CHANGES}.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {
        "Find the same dependency declared with different versions across manifests (npm, PyPI, Maven, Cargo, " +
            "Go, NuGet), propose one version per group, and write .rtt/plans/dep.unify.json.",
        "--fix rewrites only the version strings it must, keeping every other byte of each file; " +
            "--dry-run prints the unified diff and writes nothing.",
        "Policy: the deps: section of rtt.yaml (strategy, sameRange, pin, ban, ignore)."
    },
    exitCodeList = {
        "0:consistent (after --fix: nothing left to fix)",
        "4:drift found (after --fix: drift that could not be fixed remains)",
    })
public final class DoctorCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--json", description = "Print the report (canonical JSON) instead of a table.")
    private boolean json;

    @Option(names = "--fix", description = "Rewrite drifting version strings in place.")
    private boolean fix;

    @Option(names = "--dry-run", description = "With --fix: print the unified diff and write nothing.")
    private boolean dryRun;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final Engine engine = Engine.open(workspace.path);
        if (fix || dryRun)
        {
            final DepFixer.FixResult result = engine.fixDependencies(dryRun);
            out.print(result.diff());
            result.skipped().forEach(s -> spec.commandLine().getErr().println("rtt: not fixed: " + s));
            if (dryRun)
            {
                out.printf("%d version strings in %d files would change (dry run, nothing written)%n",
                    result.edits(), result.files().size());
                out.flush();
                return result.edits() > 0 || !result.skipped().isEmpty() ? ExitCodes.CHANGES : ExitCodes.OK;
            }
            out.printf("%d version strings rewritten in %d files%n", result.edits(), result.files().size());
        }
        final DoctorReport report = engine.doctor();
        if (json)
        {
            out.println(new String(report.canonicalBytes(), StandardCharsets.UTF_8));
        }
        else
        {
            print(out, report, engine);
        }
        out.flush();
        return report.drifts() ? ExitCodes.CHANGES : ExitCodes.OK;
    }

    private static void print(final PrintWriter out, final DoctorReport report, final Engine engine)
    {
        long drifting = 0;
        for (final DriftGroup group : report.groups())
        {
            if (!group.drifts())
            {
                continue;
            }
            drifting++;
            out.printf("%s %s -> %s%n    %s%n", group.ecosystem(), group.name(),
                group.proposed().isEmpty() ? "(no single target)" : group.proposed(), group.reason());
            for (final Occurrence o : group.occurrences())
            {
                out.printf("    %-9s %s:%d %s: %s%s%n", o.status(), o.file(), o.line(), o.path(), o.current(),
                    proposal(o));
            }
        }
        for (final Diagnostic d : report.diagnostics())
        {
            out.printf("    %s:%d: %s: %s%n", d.file(), d.line(), d.severity(), d.message());
        }
        out.printf("%d of %d shared dependencies drift; report: %s%n", drifting, report.groups().size(),
            engine.workspace().layout().depUnifyFile());
    }

    /** What becomes of a declaration: the rewrite, or for a hashed lock the version its regeneration must reach. */
    private static String proposal(final Occurrence o)
    {
        if (Occurrence.DRIFT.equals(o.status()))
        {
            return " -> " + o.proposed();
        }
        if (Occurrence.COMPILED.equals(o.status()))
        {
            return (o.proposed().equals(o.current()) ? "" : " -> " + o.proposed()) + " (regenerate the lock)";
        }
        return "";
    }
}
