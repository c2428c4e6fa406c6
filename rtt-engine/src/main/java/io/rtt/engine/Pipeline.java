package io.rtt.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.Probe;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.scan.ScanListener;
import io.rtt.engine.scan.ScanResult;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.trust.PlanEnvelope;

/**
 * The steps of {@code rtt up}, in order: scan, doctor, plan, (sign and apply), serve and probe, verify.
 */
final class Pipeline
{
    /** How long a signature made by {@code up --apply} stays valid. */
    private static final Duration SIGNATURE_VALIDITY = Duration.ofHours(1);
    /** The window the verify that ends {@code rtt up} judges objectives on: the longest, so it sees every probe. */
    private static final Duration VERIFY_WINDOW = Duration.ofSeconds(RouteMetrics.WINDOW_SLICES);

    private final Engine engine;

    Pipeline(final Engine engine)
    {
        this.engine = engine;
    }

    UpReport run(final boolean apply, final int requests, final ScanListener listener)
    {
        if (requests < 0)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "requests must be 0 or more, got " + requests);
        }
        final ScanResult scan = engine.scan(null, false, listener);
        final DoctorReport doctor = engine.doctor();
        final Plan plan = engine.plan();
        Keyring.LocalKey created = null;
        UpReport.Applied applied = null;
        if (apply && !plan.actions().isEmpty())
        {
            if (engine.keyring().localKeys().isEmpty())
            {
                created = engine.createKey("local");
            }
            final PlanEnvelope envelope = engine.applier().sign(plan, null, 0, SIGNATURE_VALIDITY);
            applied = new UpReport.Applied(envelope.version(), engine.applier().apply(plan, false));
        }
        final Graph head = engine.applier().head();
        final UpReport.Serving serving = head.routes().isEmpty() ? null : serve(head, requests);
        return new UpReport(scan, doctor, plan, created, applied, serving);
    }

    /** Runs the panel in this process, or, when one already serves the workspace, probes that one's lanes. */
    private UpReport.Serving serve(final Graph head, final int requests)
    {
        final Map<String, String> drivers = head.routes().stream().collect(Collectors.toMap(Route::id, Route::driver));
        final Panel panel;
        try
        {
            // a panel that lives for one round of probes: a flight recording would add JFR's start (0.3 to 1 s
            // measured on 2 cores) to every `rtt up` and end with the process before anyone could dump it
            panel = Panel.start(new Panel.Context().engine(engine).metricsPort(0).flightRecorder(false));
        }
        catch (final IllegalStateException running)
        {
            final List<Probe.Result> probes = probe(LaneDirectory.of(engine.workspace()).published(), drivers,
                requests);
            return new UpReport.Serving(running.getMessage(), List.of(), probes, List.of(), 0,
                engine.verify(VERIFY_WINDOW));
        }
        try (panel)
        {
            final var routes = panel.reconcile();
            final List<Probe.Result> probes = probe(panel.lanes(), drivers, requests);
            return new UpReport.Serving(null, routes, probes, List.copyOf(panel.metrics()), panel.metricsPort(),
                engine.verify(VERIFY_WINDOW));
        }
    }

    private static List<Probe.Result> probe(final List<LaneAddress> lanes, final Map<String, String> drivers,
        final int requests)
    {
        final List<Probe.Result> probes = new ArrayList<>();
        for (final LaneAddress lane : lanes.stream().sorted(Comparator.comparing(LaneAddress::route)).toList())
        {
            probes.add(Probe.run(lane, drivers.getOrDefault(lane.route(), "echo"), requests));
        }
        return probes;
    }
}
