package io.rtt.engine.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;
import io.rtt.engine.panel.CanaryStatus;
import io.rtt.engine.panel.PanelClient;
import io.rtt.engine.panel.Probe;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;

/**
 * An apply as a canary: the running panel is armed first, then the plan is committed; the panel runs each route the
 * plan changes beside its current definition on a share of its messages, judges them, and promotes the plan or rolls
 * it back by itself (as {@link Applier#decide} allows). This waits for that verdict. For a workspace whose clients
 * are not running, it can send traffic of its own over the changed routes (the requests {@code rtt up} sends).
 */
public final class CanaryApply
{
    /** How long after the canary's own limit the verdict may take to come: the watcher's looks, the log's writes. */
    static final Duration GRACE = Duration.ofSeconds(20);
    private static final long POLL_NS = 100_000_000L;

    private CanaryApply()
    {
    }

    /**
     * What a canary apply did.
     *
     * @param applied the commit of the plan under test.
     * @param canary  the canary as it ended (or as it stood when waiting gave up), with every route's numbers.
     * @param traffic the requests sent over each changed route, when asked for.
     */
    public record Report(Applier.Outcome applied, CanaryStatus canary, List<Probe.Result> traffic)
    {
        /**
         * Copies the traffic.
         */
        public Report
        {
            traffic = List.copyOf(traffic);
        }
    }

    /**
     * Applies a plan as a canary and waits for the verdict.
     *
     * @param engine   the workspace's engine.
     * @param plan     the signed plan.
     * @param fraction each changed route's share of messages for its canary, above 0 and below 1.
     * @param maxWait  how long the canary may run before it is judged on what it has, 1 s to an hour.
     * @param requests requests to send over each changed route while it runs (0: the workspace's own clients do).
     * @return the commit and the canary's verdict.
     * @throws RttException {@code REFUSED} when no panel runs or the plan is refused (nothing is committed then),
     *                      {@code BAD_INPUT} when the panel refuses the canary.
     */
    public static Report apply(final Engine engine, final Plan plan, final double fraction, final Duration maxWait,
        final int requests)
    {
        if (!engine.panelRunning())
        {
            throw new RttException(RttException.Kind.REFUSED, "a canary runs on the workspace's panel, and none " +
                "runs: start it with `rtt serve --detach " + engine.workspace().root() + "`");
        }
        engine.applier().apply(plan, true); // every rule checked before the panel is armed
        final Graph base = engine.applier().head();
        PanelClient.armCanary(engine.workspace(), plan.base(), plan.graph(), fraction, maxWait);
        final Applier.Outcome applied;
        try
        {
            applied = engine.applier().apply(plan, false);
        }
        catch (final RuntimeException ex)
        {
            try
            {
                PanelClient.cancelCanary(engine.workspace());
            }
            catch (final RttException cancel)
            {
                ex.addSuppressed(cancel);
            }
            throw ex;
        }
        final long deadline = System.nanoTime() + maxWait.plus(GRACE).toNanos();
        CanaryStatus status = awaitStart(engine, deadline);
        final List<Probe.Result> traffic = new ArrayList<>();
        if (requests > 0 && "running".equals(status.state()))
        {
            traffic.addAll(send(engine, base, plan, requests));
        }
        while (!status.ended() && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(POLL_NS);
            status = PanelClient.canary(engine.workspace());
        }
        return new Report(applied, status, traffic);
    }

    private static CanaryStatus awaitStart(final Engine engine, final long deadline)
    {
        CanaryStatus status = PanelClient.canary(engine.workspace());
        while ("armed".equals(status.state()) && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(POLL_NS);
            status = PanelClient.canary(engine.workspace());
        }
        return status;
    }

    /** Sends requests over each route the plan changes, as {@code rtt up} does, while the canary splits them. */
    private static List<Probe.Result> send(final Engine engine, final Graph base, final Plan plan,
        final int requests)
    {
        final Map<String, Route> before = new HashMap<>();
        base.routes().forEach(r -> before.put(r.id(), r));
        final Map<String, LaneAddress> lanes = new HashMap<>();
        LaneDirectory.of(engine.workspace()).published().forEach(a -> lanes.put(a.route(), a));
        final List<Probe.Result> results = new ArrayList<>();
        for (final Route route : plan.desired().routes())
        {
            final Route old = before.get(route.id());
            if (old != null && !old.equals(route) && lanes.containsKey(route.id()))
            {
                results.add(Probe.run(lanes.get(route.id()), old.driver(), requests));
            }
        }
        return results;
    }
}
