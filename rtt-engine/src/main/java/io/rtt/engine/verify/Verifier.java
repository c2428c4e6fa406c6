package io.rtt.engine.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.drivers.Drivers;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.flight.FlightEvents;
import io.rtt.engine.health.SloFinding;
import io.rtt.engine.health.SloJudge;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Route;
import io.rtt.engine.model.Slo;
import io.rtt.engine.panel.PanelClient;
import io.rtt.engine.panel.PanelStatus;
import io.rtt.engine.panel.ProbeAnswer;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.engine.plan.ObjectStore;
import io.rtt.engine.telemetry.RouteWindow;
import io.rtt.engine.verify.VerifyReport.Check;
import io.rtt.engine.verify.VerifyReport.Outcome;
import io.rtt.engine.wal.LogView;
import org.jspecify.annotations.Nullable;

/**
 * Runs a verify: the invariants first (the log, the head's graph, the panel following the head, every route with a
 * driver live, breakers closed), then each route's objectives on the window. A check that cannot run (the log is
 * refused, no panel serves the workspace) fails with why, and the checks that depend on it are not run.
 * <p>
 * Probes go out on {@link #PROBE_THREADS} threads, each route over a client of its own (connect, probe, close): a
 * route's time is mostly waiting (a lane's threads starting and stopping, a driver waking), so they overlap.
 * <p>
 * Stateless and thread-safe.
 */
public final class Verifier
{
    /** How long a probe of a route without a deadline may take. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Routes probed at once: each holds a client (a socket, or a mapped ring) from its connect to its close. */
    static final int PROBE_THREADS = 16;
    /** A circuit breaker's state when it lets calls through. */
    private static final String CLOSED = "closed";

    private Verifier()
    {
    }

    /**
     * Verifies a workspace against its committed head.
     *
     * @param engine the workspace's engine.
     * @param window the window each route's objectives are judged on: whole seconds, 1 s to 60 s.
     * @return every check; passed when none failed.
     * @throws RttException {@code BAD_INPUT} for a window out of bounds.
     */
    public static VerifyReport verify(final Engine engine, final Duration window)
    {
        final long startNs = System.nanoTime();
        final List<Check> checks = new ArrayList<>();
        final LogView log;
        try
        {
            log = engine.verifyLog();
        }
        catch (final RttException ex)
        {
            checks.add(fail("log", null, ex.getMessage()));
            return report(checks, 0, Graph.EMPTY.digest(), window, startNs);
        }
        final long headSeq = log.size();
        final String headDigest = headSeq == 0 ? Graph.EMPTY.digest() :
            log.frames().get(log.size() - 1).record().graph();
        checks.add(pass("log", null, headSeq + " frames: the hash chain holds and every signed frame's signatures " +
            "re-verify against the trust set in force at its point; Merkle root " + log.root()));
        final Graph head;
        try
        {
            head = headSeq == 0 ? Graph.EMPTY : new ObjectStore(engine.workspace()).get(headDigest);
        }
        catch (final RttException ex)
        {
            checks.add(fail("graph", null, ex.getMessage()));
            return report(checks, headSeq, headDigest, window, startNs);
        }
        checks.add(pass("graph", null, "the head's graph " + headDigest + " is stored: " + head.components().size() +
            " components, " + head.routes().size() + " routes"));
        if (!head.routes().isEmpty())
        {
            serving(engine, head, headDigest, window, checks);
        }
        return dumpedWhenFailed(engine, report(checks, headSeq, headDigest, window, startNs));
    }

    /** The checks that need the running panel: it follows the head, each route is live and meets its objectives. */
    private static void serving(final Engine engine, final Graph head, final String headDigest,
        final Duration window, final List<Check> checks)
    {
        final PanelStatus panel;
        try
        {
            panel = engine.panelStatus();
        }
        catch (final RttException ex)
        {
            checks.add(fail("panel", null, ex.getMessage()));
            return;
        }
        if (!panel.headGraph().equals(headDigest))
        {
            checks.add(fail("panel", null, "the panel (pid " + panel.pid() + ") serves graph " + panel.headGraph() +
                " of frame " + panel.headSeq() + ", not the head's " + headDigest + "; it follows the log at its " +
                "next reconcile"));
            return;
        }
        checks.add(pass("panel", null, "the panel (pid " + panel.pid() + ") serves the head: " + panel.served() +
            " of " + head.routes().size() + " routes live"));
        live(engine, head, panel, checks);
        objectives(engine, head, window, checks);
    }

    /** Each route's objectives on the window of its live metrics; a route with objectives and no metrics is said. */
    private static void objectives(final Engine engine, final Graph head, final Duration window,
        final List<Check> checks)
    {
        final List<Route> judged = head.routes().stream().filter(r -> !r.slo().equals(Slo.NONE)).toList();
        if (judged.isEmpty())
        {
            return;
        }
        final Map<String, RouteWindow> windows = new HashMap<>();
        try
        {
            engine.metrics(null, window).routes().forEach(w -> windows.put(w.route(), w));
        }
        catch (final RttException ex)
        {
            checks.add(fail("metrics", null, "cannot read the panel's metrics: " + ex.getMessage()));
            return;
        }
        for (final Route route : judged)
        {
            final RouteWindow measured = windows.get(route.id());
            if (measured == null)
            {
                checks.add(new Check("objectives", route.id(), Outcome.NOT_JUDGED, "no live metrics: the route is " +
                    "not served"));
                continue;
            }
            for (final SloFinding finding : SloJudge.judge(measured, route.slo()))
            {
                checks.add(new Check(finding.objective(), route.id(), outcome(finding.outcome()),
                    finding.sentence()));
            }
        }
    }

    /** Probes every served route with a driver; lists the others as failed (unserved) or not judged (no driver). */
    private static void live(final Engine engine, final Graph head, final PanelStatus panel, final List<Check> checks)
    {
        final Map<String, RouteStatus> statuses = new HashMap<>();
        panel.routes().forEach(s -> statuses.put(s.route(), s));
        final Map<String, LaneAddress> lanes = new HashMap<>();
        LaneDirectory.of(engine.workspace()).published().forEach(a -> lanes.put(a.route(), a));
        final List<Route> toProbe = new ArrayList<>();
        for (final Route route : head.routes())
        {
            final RouteStatus status = statuses.get(route.id());
            if (!Drivers.BUILT_IN.contains(route.driver()))
            {
                checks.add(new Check("live", route.id(), Outcome.NOT_JUDGED, Drivers.unservedReason(route.driver())));
            }
            else if (status == null || !status.served())
            {
                checks.add(fail("live", route.id(), "not served: " + (status == null ? "the panel does not list " +
                    "it" : status.detail())));
            }
            else if (!lanes.containsKey(route.id()))
            {
                checks.add(fail("live", route.id(), "served, but its lane is not published in " +
                    engine.workspace().layout().publishedLanesFile()));
            }
            else
            {
                toProbe.add(route);
            }
        }
        if (!toProbe.isEmpty())
        {
            checks.addAll(probe(engine, toProbe, lanes));
        }
        for (final Route route : toProbe)
        {
            final String breaker = statuses.get(route.id()).breaker();
            if (breaker != null)
            {
                checks.add(CLOSED.equals(breaker) ? pass("breaker", route.id(), "closed") :
                    fail("breaker", route.id(), breaker + ": the route fails fast while its backend fails (rtt.yaml " +
                    "breakers; `rtt metrics` shows its short-circuited requests)"));
            }
        }
    }

    /**
     * Probes routes on {@link #PROBE_THREADS} threads, each route over a client of its own (connect, probe, close),
     * and returns their checks in the routes' order.
     */
    private static List<Check> probe(final Engine engine, final List<Route> routes,
        final Map<String, LaneAddress> lanes)
    {
        final ExecutorService pool = Executors.newFixedThreadPool(Math.min(PROBE_THREADS, routes.size()), r ->
        {
            final Thread thread = new Thread(r, "rtt-verify-probe");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final List<Future<Check>> checks = new ArrayList<>();
            for (final Route route : routes)
            {
                checks.add(pool.submit(() -> probe(engine, route, lanes.get(route.id()))));
            }
            final List<Check> done = new ArrayList<>();
            for (final Future<Check> check : checks)
            {
                done.add(check.get());
            }
            return done;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new RttException(RttException.Kind.IO, "verify interrupted while probing routes", ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("a probe failed unexpectedly", ex.getCause());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /** One route's probe over its lane; over the panel's control socket when its shm lane has its client. */
    private static Check probe(final Engine engine, final Route route, final LaneAddress lane)
    {
        final RouteClient client;
        try
        {
            client = RouteClient.connect(lane);
        }
        catch (final RuntimeException ex)
        {
            return route.lane() == Lane.SHM ? probedInside(engine, route, String.valueOf(ex.getMessage())) :
                fail("live", route.id(), "cannot connect to its lane: " + ex.getMessage());
        }
        try (client)
        {
            final long sentNs = System.nanoTime();
            return answered(route, client.probe(timeout(route)), sentNs);
        }
    }

    /**
     * A shm lane takes one client at a time: when the route's own client holds it, the panel probes the driver from
     * inside, and the lane counts as live while the panel lists it served.
     */
    private static Check probedInside(final Engine engine, final Route route, final String connectFailure)
    {
        final long boundMs = timeout(route).toMillis();
        final ProbeAnswer answer;
        try
        {
            answer = PanelClient.probe(engine.workspace(), route.id(), timeout(route));
        }
        catch (final RttException ex)
        {
            return fail("live", route.id(), "cannot connect to its lane (" + connectFailure + ") nor ask the panel " +
                "to probe it: " + ex.getMessage());
        }
        return answer.live() ? pass("live", route.id(), String.format(Locale.ROOT, "probed inside the panel (its " +
            "shm lane has its client) in %.2f ms (bound %d ms)", answer.tookMs(), boundMs)) :
            fail("live", route.id(), "probe failed inside the panel (its shm lane has its client): " +
                answer.detail());
    }

    private static Check answered(final Route route, final CompletableFuture<byte[]> answer, final long sentNs)
    {
        final long boundMs = timeout(route).toMillis();
        try
        {
            answer.join();
            final double tookMs = (System.nanoTime() - sentNs) / 1e6;
            return pass("live", route.id(), String.format(Locale.ROOT,
                "probe answered in %.2f ms (bound %d ms)", tookMs, boundMs));
        }
        catch (final CompletionException ex)
        {
            final Throwable cause = ex.getCause();
            return fail("live", route.id(), cause instanceof TimeoutException ?
                "probe not answered within " + boundMs + " ms" + (route.qos().deadlineMs() > 0 ? " (its deadline)" :
                "") : "probe failed: " + cause.getMessage());
        }
    }

    private static Outcome outcome(final SloFinding.Outcome outcome)
    {
        return switch (outcome)
        {
            case PASS -> Outcome.PASS;
            case FAIL -> Outcome.FAIL;
            case NOT_JUDGED -> Outcome.NOT_JUDGED;
        };
    }

    /** A route's probe may take its deadline, or {@link #DEFAULT_PROBE_TIMEOUT} when it has none. */
    private static Duration timeout(final Route route)
    {
        return route.qos().deadlineMs() > 0 ? Duration.ofMillis(route.qos().deadlineMs()) : DEFAULT_PROBE_TIMEOUT;
    }

    private static VerifyReport report(final List<Check> checks, final long headSeq, final String headGraph,
        final Duration window, final long startNs)
    {
        final List<Check> failed = checks.stream().filter(c -> c.outcome() == Outcome.FAIL).toList();
        FlightEvents.verifyVerdict(failed.isEmpty(), failed.size(), failed.isEmpty() ? checks.size() + " checks " +
            "passed" : failed.stream().map(c -> (c.route() == null ? "" : c.route() + " ") + c.name() + ": " +
            c.detail()).collect(Collectors.joining("; ")));
        return new VerifyReport(failed.isEmpty(), headSeq, headGraph, (int)window.toSeconds(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs), checks, null);
    }

    /**
     * After a failed verify, has the running panel dump its flight recording, so what led to the failure is kept.
     *
     * @return the report, with the dump's path when one was written.
     */
    private static VerifyReport dumpedWhenFailed(final Engine engine, final VerifyReport report)
    {
        if (report.passed() || !engine.panelRunning())
        {
            return report;
        }
        try
        {
            final String path = engine.dumpRecording("verify-failed").path();
            return new VerifyReport(false, report.headSeq(), report.headGraph(), report.windowSeconds(),
                report.durationMs(), report.checks(), path);
        }
        catch (final RttException ex)
        {
            return report; // a panel that keeps no recording, or stopped meanwhile: nothing to keep
        }
    }

    private static Check pass(final String name, final @Nullable String route, final String detail)
    {
        return new Check(name, route, Outcome.PASS, detail);
    }

    private static Check fail(final String name, final @Nullable String route, final String detail)
    {
        return new Check(name, route, Outcome.FAIL, detail);
    }
}
