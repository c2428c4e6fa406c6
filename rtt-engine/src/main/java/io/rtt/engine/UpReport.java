package io.rtt.engine;

import java.util.List;

import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.panel.Probe;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.scan.ScanResult;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.verify.VerifyReport;

/**
 * What {@link Engine#up} did, step by step.
 *
 * @param scan       the scan.
 * @param doctor     the dependency report.
 * @param plan       the plan against the WAL head.
 * @param createdKey the local key made to sign it, or {@code null} when one existed or nothing was applied.
 * @param applied    the signing and the commit, or {@code null} when the plan was not applied.
 * @param serving    the routes served and probed, or {@code null} when the WAL head has no routes.
 */
public record UpReport(ScanResult scan, DoctorReport doctor, Plan plan, Keyring.LocalKey createdKey, Applied applied,
    Serving serving)
{
    /**
     * The plan signed and committed.
     *
     * @param version the envelope's version.
     * @param outcome the commit.
     */
    public record Applied(long version, Applier.Outcome outcome)
    {
    }

    /**
     * The WAL head's routes, served by a panel, with real requests sent over each.
     *
     * @param runningPanel why this process did not serve them (a panel already serves the workspace, and the probes
     *                     went to its lanes), or {@code null} when a panel ran here.
     * @param routes       the routes and where each is served (empty when another panel serves them).
     * @param probes       the requests sent over each served route, sorted by route.
     * @param metrics      each served route's metrics after the probes (empty when another panel serves them).
     * @param metricsPort  the port the in-process panel served {@code /metrics} on, or 0.
     * @param verify       the verify run once the probes were answered, against the panel that served them.
     */
    public record Serving(String runningPanel, List<RouteStatus> routes, List<Probe.Result> probes,
        List<RouteMetrics> metrics, int metricsPort, VerifyReport verify)
    {
        /**
         * Copies the lists.
         */
        public Serving
        {
            routes = List.copyOf(routes);
            probes = List.copyOf(probes);
            metrics = List.copyOf(metrics);
        }
    }
}
