package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.UpReport;
import io.rtt.engine.deps.DriftGroup;
import io.rtt.engine.plan.Plan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt up}: the main job. Scans the workspace and shows what it found (components, who calls whom and why,
 * what could not be read), doctors its dependency versions and plans its routes; with {@code --apply} (the human's
 * consent) signs and applies the plan. When the WAL head has routes, runs them on a panel in this process, sends
 * real traffic over each served one, shows the per-route metrics and verifies (exit 4 when a check fails).
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {
        "Run the pipeline on a workspace: scan it (components, who calls whom with file:line evidence, " +
            "diagnostics), doctor its dependency versions, and plan its routes against the WAL head. With --apply, " +
            "sign the plan with the local key and apply it. When the WAL head has routes, serve them on shm and " +
            "uds lanes, send real requests over each served route, print per-route metrics, and verify (as rtt " +
            "verify does; exit 4 when a check fails)."
    })
public final class UpCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private WorkspaceArgument workspace;

    @Option(names = "--apply", description = "Sign the plan with this workspace's local key (creating one if it has " +
        "none) and apply it: your consent to commit it.")
    private boolean apply;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "1000",
        description = "Requests sent over each served route to show it working (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final Engine engine = Engine.open(workspace.path);
        final TerminalProgress progress = TerminalProgress.forTerminal(spec.commandLine().getErr());
        final UpReport report;
        try
        {
            report = engine.up(apply, requests, progress);
        }
        finally
        {
            progress.clear();
        }
        final String root = engine.workspace().root().toString();
        out.println("== scan");
        ScanPrinter.summary(out, report.scan());
        ScanPrinter.details(out, report.scan());
        out.println();
        out.println("index written to " + engine.workspace().layout().indexFile() + " (" + report.scan().digest() +
            ")");

        out.println();
        out.println("== doctor");
        final long drifting = report.doctor().groups().stream().filter(DriftGroup::drifts).count();
        out.printf("%d of %d shared dependencies drift%s%n", drifting, report.doctor().groups().size(),
            drifting == 0 ? "" : ": see `rtt doctor " + root + "`, fix with --fix");

        out.println();
        out.println("== plan");
        final Plan plan = report.plan();
        PlanPrinter.print(out, plan);
        out.println();
        if (report.createdKey() != null)
        {
            out.printf("created key %s (%s) in %s; it is the workspace's first trusted key%n",
                report.createdKey().name(), report.createdKey().id(), engine.workspace().layout().keysDir());
        }
        if (report.applied() != null)
        {
            out.printf("signed (version %d) and applied %s as WAL frame %d%n", report.applied().version(), plan.id(),
                report.applied().outcome().seq());
        }
        else if (!plan.actions().isEmpty())
        {
            out.println("next: sign and apply it: `rtt up --apply " + root + "`, or step by step: `rtt keys init -w " +
                root + "` (once), `rtt sign " + engine.plans().planFile(plan.id()) + "`, `rtt apply <same file>`");
        }
        else
        {
            out.println("the WAL head already is the desired graph");
        }
        if (report.serving() != null)
        {
            serving(out, report.serving(), root);
            out.println();
            out.println("== verify");
            VerifyPrinter.print(out, report.serving().verify());
        }
        out.println();
        out.println("run the panel with `rtt serve " + root + "` (in the background: `rtt serve --detach " + root +
            "`); serve it to an MCP client with `rtt serve --stdio " + root + "`");
        out.flush();
        return report.serving() == null || report.serving().verify().passed() ? ExitCodes.OK : ExitCodes.CHANGES;
    }

    private static void serving(final PrintWriter out, final UpReport.Serving serving, final String root)
    {
        out.println();
        out.println("== serve");
        if (serving.runningPanel() != null)
        {
            out.println(serving.runningPanel() + "; sending traffic to the routes it serves");
            out.println();
            out.println("== traffic");
            PanelPrinter.probes(out, serving.probes());
            out.println("(per-route metrics: `rtt metrics " + root + "`)");
            return;
        }
        PanelPrinter.routes(out, serving.routes());
        out.println();
        out.println("== traffic");
        PanelPrinter.probes(out, serving.probes());
        out.println();
        out.println("== metrics (per route; Prometheus text at http://127.0.0.1:" + serving.metricsPort() +
            "/metrics while the panel ran)");
        PanelPrinter.metrics(out, serving.metrics());
    }
}
