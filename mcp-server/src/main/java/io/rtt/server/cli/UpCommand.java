package io.rtt.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

import io.rtt.engine.Engine;
import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.deps.DriftGroup;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.model.Route;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.Probe;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.plan.PlanFiles;
import io.rtt.engine.scan.ScanResult;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.trust.PlanEnvelope;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtt up}: the main job. Scans the workspace and shows what it found (components, who calls whom and why,
 * what could not be read), doctors its dependency versions and plans its routes; with {@code --apply} (the human's
 * consent) signs and applies the plan. When the WAL head has routes, runs them on a panel in this process, sends
 * real traffic over each served one and shows the per-route metrics.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {
        "Run the pipeline on a workspace: scan it (components, who calls whom with file:line evidence, " +
            "diagnostics), doctor its dependency versions, and plan its routes against the WAL head. With --apply, " +
            "sign the plan with the local key and apply it. When the WAL head has routes, serve them on shm and " +
            "uds lanes, send real requests over each served route, and print per-route metrics."
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
        final WorkspaceArgument.Scanned scanned = workspace.scan(spec.commandLine().getErr(), false);
        final ScanResult result = scanned.result();
        final Engine engine = scanned.engine();
        out.println("== scan");
        ScanPrinter.summary(out, result);
        ScanPrinter.details(out, result);
        out.println();
        out.println("index written to " + engine.workspace().indexFile() + " (" + result.digest() + ")");

        out.println();
        out.println("== doctor");
        final DoctorReport report = engine.doctor();
        final long drifting = report.groups().stream().filter(DriftGroup::drifts).count();
        out.printf("%d of %d shared dependencies drift%s%n", drifting, report.groups().size(),
            drifting == 0 ? "" : ": see `rtt doctor " + engine.workspace().root() + "`, fix with --fix");

        out.println();
        out.println("== plan");
        final Plan plan = engine.plan();
        PlanPrinter.print(out, plan);
        out.println();
        if (!plan.actions().isEmpty() && apply)
        {
            applyPlan(out, engine, plan);
        }
        else if (!plan.actions().isEmpty())
        {
            out.println("next: sign and apply it: `rtt up --apply " + engine.workspace().root() + "`, or step by " +
                "step: `rtt keys init -w " + engine.workspace().root() + "` (once), `rtt sign " +
                new PlanFiles(engine.workspace()).planFile(plan.id()) + "`, `rtt apply <same file>`");
        }
        else
        {
            out.println("the WAL head already is the desired graph");
        }
        out.flush();

        if (!engine.applier().head().routes().isEmpty())
        {
            serve(out, engine);
        }
        out.println();
        out.println("run the panel with `rtt serve " + engine.workspace().root() + "`; serve it to an MCP client " +
            "with `rtt serve --stdio " + engine.workspace().root() + "`");
        out.flush();
        return ExitCodes.OK;
    }

    private static void applyPlan(final PrintWriter out, final Engine engine, final Plan plan)
    {
        final Keyring keyring = Keyring.of(engine.workspace());
        if (keyring.localKeys().isEmpty())
        {
            final Keyring.LocalKey key = keyring.init("local");
            out.printf("created key %s (%s) in %s; it is the workspace's first trusted key%n", key.name(), key.id(),
                engine.workspace().stateDir().resolve("keys"));
        }
        final PlanEnvelope envelope = engine.applier().sign(plan, null, 0, Duration.ofHours(1));
        final Applier.Outcome outcome = engine.applier().apply(plan, false);
        out.printf("signed (version %d) and applied %s as WAL frame %d%n", envelope.version(), plan.id(),
            outcome.seq());
    }

    /**
     * Runs the panel in this process (or, when one already serves the workspace, uses that one), sends real traffic
     * over each served route, and shows what it measured.
     */
    private void serve(final PrintWriter out, final Engine engine)
    {
        out.println();
        out.println("== serve");
        final Map<String, String> drivers = engine.applier().head().routes().stream()
            .collect(Collectors.toMap(Route::id, Route::driver));
        final Panel panel;
        try
        {
            panel = Panel.start(new Panel.Context().engine(engine).metricsPort(0));
        }
        catch (final IllegalStateException running)
        {
            out.println(running.getMessage() + "; sending traffic to the routes it serves");
            out.println();
            out.println("== traffic");
            PanelPrinter.probes(out, probe(LaneDirectory.of(engine.workspace()).published(), drivers));
            out.println("(per-route metrics: GET /metrics of the running panel)");
            out.flush();
            return;
        }
        try (panel)
        {
            PanelPrinter.routes(out, panel.reconcile());
            out.println();
            out.println("== traffic");
            PanelPrinter.probes(out, probe(panel.lanes(), drivers));
            out.println();
            out.println("== metrics (per route; Prometheus text at http://127.0.0.1:" + panel.metricsPort() +
                "/metrics while the panel runs)");
            PanelPrinter.metrics(out, panel.metrics());
            out.flush();
        }
    }

    private List<Probe.Result> probe(final List<LaneAddress> lanes, final Map<String, String> drivers)
    {
        final List<Probe.Result> probes = new ArrayList<>();
        for (final LaneAddress lane : lanes.stream().sorted(Comparator.comparing(LaneAddress::route)).toList())
        {
            probes.add(Probe.run(lane, drivers.getOrDefault(lane.route(), "echo"), requests));
        }
        return probes;
    }
}
