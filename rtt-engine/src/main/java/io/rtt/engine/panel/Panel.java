package io.rtt.engine.panel;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.fabric.CountingErrorHandler;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.fabric.LaneLimits;
import io.rtt.engine.health.BreakerListener;
import io.rtt.engine.health.BreakerPolicies;
import io.rtt.engine.health.CanaryVerdict;
import io.rtt.engine.health.CanaryPolicy;
import io.rtt.engine.flight.FlightEvents;
import io.rtt.engine.flight.FlightRecorder;
import io.rtt.engine.flight.ReconcileEvent;
import io.rtt.engine.flight.RecordingStatus;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;
import io.rtt.engine.model.Slo;
import io.rtt.engine.model.Verdict;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.PlanPolicy;
import io.rtt.engine.services.DevServices;
import io.rtt.engine.services.ServicesPolicy;
import io.rtt.engine.telemetry.MetricsServer;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel: realises the committed graph (the WAL head) as live routes, and keeps it so. Each reconcile compares
 * the head's routes with the live ones: a route gone or changed is closed, a new or changed one gets a lane, a queue
 * and a place in its component's {@link DriverWorker}; a driver left with no routes stops. Routes whose driver the
 * panel cannot run are listed as unserved, with the reason. After each reconcile the live lanes are published in
 * {@code .rtt/lanes/routes.json} for clients.
 * <pre>{@code
 * try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(0).watchIntervalMs(1000)))
 * {
 *     List<RouteStatus> routes = panel.status();
 * }
 * }</pre>
 * A component's driver orders its routes' messages by deadline (EDF) when any of those routes asks for one, and by
 * priority-weighted fair queueing (WFQ) otherwise.
 * <p>
 * Each route has a circuit breaker with the thresholds of the {@code breakers} section of {@code rtt.yaml}, read at
 * each reconcile that opens routes (a route keeps the thresholds it opened with), on the system's clock: it fails
 * fast while the route's backend fails and probes its way back. Its state shows in the route's status, its windowed
 * metrics and {@code GET /metrics}; each transition is logged and told to {@link Context#breakerListener}.
 * <p>
 * No thread of the panel dies silently (issue 11). Each is logged at error when it dies, and then: a route whose lane
 * or driver thread died is listed as unserved with the reason at once, and closed and served anew at the next
 * reconcile (the watcher's next look, when there is a watcher), up to {@link #MAX_RESTARTS} times in a row without
 * serving a message in between, after which it stays unserved, with the reason, until its route changes or the panel
 * restarts; a watcher that dies is replaced, up to {@link #MAX_RESTARTS} times in a row without completing a look,
 * after which the panel stops loudly: every route closed and listed as unserved with the reason, and
 * {@link #reconcile()} refused.
 * <p>
 * Threads: the caller's; the watcher agent ({@code rtt-panel-watch}), when asked for; one driver agent per component
 * ({@code rtt-driver-<component>}); each route's intake (a shm lane's agent, a uds lane's event loop); the metrics
 * server's; the metrics sampler ({@code rtt-panel-metrics}), which cuts the routes' windows into one-second slices;
 * the control socket's event loop ({@code rtt-panel-control}, see {@link PanelControl}); the JVM's flight recorder
 * threads, when the panel keeps a {@link FlightRecorder} recording (by default). The panel's monitor guards
 * its routes, workers and head: a reconcile holds it while it opens and closes lanes, so a status never sees half a
 * change. {@link #close()} stops the watcher before it takes the monitor, as the watcher takes it to reconcile; the
 * sampler and the control read the live routes' metrics without it. Thread-safe.
 */
public final class Panel implements AutoCloseable
{
    /** Restarts of a route or of the watcher in a row, with no work done in between, before the panel gives up. */
    public static final int MAX_RESTARTS = 3;
    /** What a canary's metrics are labelled after its route's id. */
    static final String CANARY_SUFFIX = "#canary";

    private static final Logger LOG = LoggerFactory.getLogger(Panel.class);

    private final Context context;
    private final Engine engine;
    private final PanelLock lock;
    private final LaneDirectory lanes;
    private final int ringBytes;
    private final MetricsServer metricsServer;
    /** The breakers' thresholds as rtt.yaml last gave them; read again at each reconcile that opens routes. */
    private BreakerPolicies breakers;
    /** Throwaway servers for datastores nothing answers for, started on demand; null when rtt.yaml turns them off. */
    private final @Nullable DevServices devServices;
    /** The continuous recording {@code rtt record} dumps; null when the context asks for none or JFR is absent. */
    private final @Nullable FlightRecorder flightRecorder;
    private final Map<String, RouteServer> servers = new LinkedHashMap<>();
    private final Map<String, DriverWorker> workers = new HashMap<>();
    private final Map<String, String> unserved = new LinkedHashMap<>();
    /** Failures in a row of each route since it last served a message. */
    private final Map<String, Integer> failuresInARow = new HashMap<>();
    /** Routes failed too often to restart, with why; until their route changes. */
    private final Map<String, GivenUp> givenUp = new HashMap<>();
    private WalWatcher watcher;
    private int watcherDeathsInARow;
    /** Why the panel stopped by itself, or null. */
    private @Nullable String stopped;
    /** The canary armed, running, or the last one ended; null before the first. */
    private @Nullable CanaryRun canary;
    private final Instant startedAt = Instant.now();
    private final long startedNs = System.nanoTime();
    /** The live routes' metrics, sorted by route id: read without the monitor by the sampler and the control. */
    private volatile List<RouteMetrics> liveMetrics = List.of();
    /** The head's objectives by route id, for the sampler's {@link SloWatch}; read without the monitor. */
    private volatile Map<String, Slo> liveSlos = Map.of();
    private MetricsSampler sampler;
    private PanelControl control;
    private Graph head = Graph.EMPTY;
    private long headSeq;
    private boolean closed;

    private Panel(final Context context, final PanelLock lock)
    {
        this.context = context;
        this.engine = context.engine();
        this.lock = lock;
        this.lanes = LaneDirectory.of(engine.workspace());
        this.ringBytes = PlanPolicy.load(engine.workspace()).ringBytes();
        this.breakers = BreakerPolicies.load(engine.workspace());
        this.devServices = ServicesPolicy.auto(engine.workspace()) ? new DevServices(engine.workspace()) : null;
        this.flightRecorder = startFlightRecorder(context, engine);
        try
        {
            // last: nothing after it can fail and leave it open
            this.metricsServer = context.metricsPort() < 0 ? null : MetricsServer.start(context.metricsPort(),
                this::metrics);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(ex::addSuppressed, flightRecorder);
            throw ex;
        }
    }

    private static @Nullable FlightRecorder startFlightRecorder(final Context context, final Engine engine)
    {
        if (!context.flightRecorder() || !RecordingPolicy.enabled(engine.workspace()))
        {
            return null;
        }
        if (!FlightRecorder.available())
        {
            LOG.warn("this JVM has no flight recorder (JFR is absent or disabled): the panel keeps no recording");
            return null;
        }
        return FlightRecorder.start(engine.workspace().layout().recordingsDir(), Clock.systemUTC());
    }

    /**
     * Starts a panel on a workspace and reconciles it to the WAL head. The panel owns the context from here on.
     *
     * @param context the panel's settings; concluded here.
     * @return the running panel.
     * @throws IllegalStateException    when another panel serves the workspace, or the context was concluded before.
     * @throws IllegalArgumentException when a setting is out of bounds.
     */
    public static Panel start(final Context context)
    {
        context.conclude();
        final PanelLock lock = PanelLock.acquire(context.engine().workspace());
        Panel panel = null;
        try
        {
            panel = new Panel(context, lock);
            panel.reconcile();
            panel.watch();
            panel.sampleAndServeControl();
            return panel;
        }
        catch (final RuntimeException ex)
        {
            // what was opened is closed, the lock last; a failing close does not hide why the start failed
            CloseHelper.closeAll(ex::addSuppressed, panel != null ? panel : lock);
            throw ex;
        }
    }

    /** Starts the watcher, when the context asks for one. */
    private synchronized void watch()
    {
        if (context.watchIntervalMs() > 0)
        {
            startWatcher();
        }
    }

    /** Starts a watcher; under the monitor, which its death handler takes before it looks at which watcher died. */
    private void startWatcher()
    {
        final WalWatcher[] started = new WalWatcher[1];
        started[0] = new WalWatcher(engine.workspace().layout().walDir(),
            TimeUnit.MILLISECONDS.toNanos(context.watchIntervalMs()), context.nanoClock(), this::followHead,
            this::lookWanted, context.errorHandler(), error -> watcherDied(started, error));
        watcher = started[0];
    }

    /** Starts the metrics sampler, when metrics are recorded, and the control socket, when the context asks. */
    private synchronized void sampleAndServeControl()
    {
        if (context.recordMetrics())
        {
            sampler = new MetricsSampler(() -> liveMetrics, () -> liveSlos, SystemNanoClock.INSTANCE,
                context.errorHandler());
        }
        if (context.controlSocket())
        {
            final Runnable stop = context.stopHandler();
            control = PanelControl.serve(PanelControl.socketPath(engine.workspace()), this,
                stop != null ? stop : this::close);
        }
    }

    /**
     * The watcher's thread died (it was logged): a new one takes over, unless watchers keep dying before they complete
     * a look, and then the panel stops loudly. On the dying thread, after it left every lock.
     *
     * @param started holds the watcher that died, set once its start returned (it may die before).
     * @param error   what it died of.
     */
    private synchronized void watcherDied(final WalWatcher[] started, final Throwable error)
    {
        final WalWatcher dead = started[0];
        if (closed || stopped != null || dead != watcher)
        {
            return;
        }
        watcherDeathsInARow = dead.looks() > 0 ? 1 : watcherDeathsInARow + 1;
        if (watcherDeathsInARow > MAX_RESTARTS)
        {
            stop("its WAL watcher died " + watcherDeathsInARow + " times in a row, last of " + error);
            return;
        }
        LOG.error("the panel's WAL watcher died ({}); starting another ({} of {} in a row)", error.toString(),
            watcherDeathsInARow, MAX_RESTARTS);
        try
        {
            startWatcher();
        }
        catch (final RuntimeException | Error ex)
        {
            stop("its WAL watcher died of " + error + " and another could not start: " + ex);
        }
    }

    /** Stops serving, loudly: every route closed and listed as unserved with the reason; reconciles are refused. */
    private void stop(final String why)
    {
        stopped = "the panel stopped: " + why;
        LOG.error("{}; every route is closed, restart the panel (`rtt serve`)", stopped);
        CloseHelper.closeAll(this::closeRoutes, lanes::unpublish);
    }

    /**
     * Brings the live routes to the WAL head, and serves anew the routes whose lane or driver died.
     *
     * @return every committed route's status.
     * @throws IllegalStateException when the panel is closed, or stopped by itself.
     */
    public synchronized List<RouteStatus> reconcile()
    {
        if (closed)
        {
            throw new IllegalStateException("the panel is closed");
        }
        if (stopped != null)
        {
            throw new IllegalStateException(stopped);
        }
        final ReconcileEvent event = FlightEvents.reconcileStarted();
        dropStoppedDrivers();
        final Applier.Head committed = engine.applier().committedHead();
        final Graph desired = committed.graph();
        if (!desired.equals(head))
        {
            givenUp.values().removeIf(GivenUp::untilHeadChanges);
            headMoved(desired, committed.seq());
        }
        if (!desired.equals(head) || servers.isEmpty() && unserved.isEmpty() || repairWanted())
        {
            apply(desired);
            head = desired;
        }
        headSeq = committed.seq();
        final List<RouteStatus> routes = status();
        final int served = (int)routes.stream().filter(RouteStatus::served).count();
        FlightEvents.reconcileFinished(event, headSeq, served, routes.size() - served);
        return routes;
    }

    /** Whether a live route's lane or driver died: the next reconcile serves it anew. */
    private synchronized boolean repairWanted()
    {
        for (final RouteServer server : servers.values())
        {
            if (server.failure() != null)
            {
                return true;
            }
        }
        return false;
    }

    /** Whether the watcher's next look must reconcile with the log as it was: routes to repair, a canary to judge. */
    private synchronized boolean lookWanted()
    {
        return repairWanted() || canary != null && canary.state() == CanaryRun.State.RUNNING;
    }

    /** The watcher's reconcile, and the canary's judgement: nothing once the panel is closing or stopped. */
    private synchronized void followHead()
    {
        if (!closed && stopped == null)
        {
            reconcile();
            judgeCanary();
        }
    }

    /**
     * The head is about to move: an armed canary whose plan this is starts (its changed routes split, not replaced);
     * one whose plan this is not is cancelled, as is a running one; a rejection held for a person lets go.
     */
    private void headMoved(final Graph desired, final long seq)
    {
        final CanaryRun run = canary;
        if (run == null)
        {
            return;
        }
        if (run.state() == CanaryRun.State.ARMED)
        {
            if (run.base().equals(head.digest()) && run.target().equals(desired.digest()))
            {
                startCanary(run, desired, seq);
            }
            else
            {
                run.cancel("the head moved to graph " + desired.digest() + ", not the canary's " + run.target());
            }
        }
        else if (run.state() == CanaryRun.State.RUNNING)
        {
            run.end(CanaryRun.State.CANCELLED, "cancelled: the head moved to graph " + desired.digest() + " while " +
                "it ran", "", null, null, System.nanoTime());
        }
        else
        {
            run.release();
        }
    }

    /** Splits each route the plan changes between its server (the baseline) and a canary of its new definition. */
    private void startCanary(final CanaryRun run, final Graph desired, final long seq)
    {
        final Map<String, RouteServer> split = new LinkedHashMap<>();
        final Map<String, RouteIntake> canaries = new LinkedHashMap<>();
        final Map<String, DriverWorker> canaryWorkers = new LinkedHashMap<>();
        for (final Route route : desired.routes())
        {
            final RouteServer server = servers.get(route.id());
            if (server == null || server.route().equals(route) || server.failure() != null)
            {
                continue;
            }
            DriverWorker worker = null;
            try
            {
                worker = new DriverWorker(route.to() + "-canary", route.driver(),
                    () -> PanelDrivers.start(route, desired, engine.workspace(), devServices),
                    scheduling(route.to(), desired),
                    context.errorHandler());
                final RouteIntake intake = new RouteIntake(route, route.id() + CANARY_SUFFIX, server.routeId(),
                    worker, context.recordMetrics(), breakers.forRoute(route.id()), context.breakerListener());
                server.split(intake, run.fraction());
                split.put(route.id(), server);
                canaries.put(route.id(), intake);
                canaryWorkers.put(route.id(), worker);
                LOG.info("route {}: canary of its new definition gets {}% of its messages", route.id(),
                    Math.round(run.fraction() * 100));
            }
            catch (final Exception ex)
            {
                CloseHelper.close(context.errorHandler(), worker);
                LOG.warn("route {}: its canary cannot start ({}); judged as failing", route.id(), ex.getMessage());
                run.cancel("the canary of " + route.id() + " cannot start: " + ex.getMessage());
                canaries.values().forEach(RouteIntake::close);
                split.values().forEach(s -> s.split(null, 0));
                CloseHelper.closeAll(canaryWorkers.values());
                return;
            }
        }
        run.start(seq, split, canaries, canaryWorkers, System.nanoTime());
    }

    /**
     * Judges the running canary; on a decision records the verdict (and, for a rejection, the rollback) with the
     * workspace's automation key when rtt.yaml allows, ends the canary and serves what the log now says.
     */
    private void judgeCanary()
    {
        final CanaryRun run = canary;
        if (run == null || run.state() != CanaryRun.State.RUNNING)
        {
            return;
        }
        final long nowNs = System.nanoTime();
        final CanaryVerdict.Decision decision = run.judge(nowNs);
        if (decision == null)
        {
            return;
        }
        final Verdict verdict = run.verdict(decision);
        final boolean promote = decision == CanaryVerdict.Decision.PROMOTE;
        FlightEvents.verifyVerdict(promote, verdict.findings().size(), verdict.summary());
        Long verdictAt = null;
        Long rollbackAt = null;
        String note = "";
        try
        {
            final Applier.Outcome outcome = engine.applier().decide(verdict);
            verdictAt = promote ? outcome.seq() : outcome.seq() - 1;
            rollbackAt = promote ? null : outcome.seq();
        }
        catch (final RttException refused)
        {
            note = promote ? "the verdict is not in the log: " + refused.getMessage() : refused.getMessage();
        }
        if (!promote && flightRecorder != null)
        {
            note = (note.isEmpty() ? "" : note + "; ") + "flight recording: " +
                flightRecorder.dump("canary-rejected").path();
        }
        run.end(promote ? CanaryRun.State.PROMOTED : rollbackAt != null ? CanaryRun.State.ROLLED_BACK :
            CanaryRun.State.REJECTED, verdict.summary(), note, verdictAt, rollbackAt, nowNs);
        LOG.info("{}{}", verdict.summary(), note.isEmpty() ? "" : "; " + note);
        if (promote)
        {
            apply(head); // the changed routes are no longer held: they take their new definitions
        }
        else
        {
            reconcile(); // the rollback, when the panel made one, brings the head back to the baseline
        }
    }

    /**
     * Arms a canary of a plan about to be committed: when its commit reaches the panel, each route it changes runs
     * its new definition beside the current one on {@code fraction} of its messages, until judged.
     *
     * @param base     the graph the panel must serve now.
     * @param target   the plan's graph.
     * @param fraction the canaries' share of each changed route's messages, above 0 and below 1.
     * @param maxMs    how long the canary may run before it is judged on what it has.
     * @return the armed canary's status.
     * @throws IllegalArgumentException when a canary is already armed or running, the panel does not serve the base,
     *                                  or a value is out of bounds.
     */
    synchronized CanaryStatus armCanary(final String base, final String target, final double fraction,
        final long maxMs)
    {
        if (canary != null && canary.live())
        {
            throw new IllegalArgumentException("a canary is already " + canary.state().name().toLowerCase(Locale.ROOT) +
                " (of graph " + canary.target() + ")");
        }
        if (!head.digest().equals(base))
        {
            throw new IllegalArgumentException("the panel serves graph " + head.digest() + ", not the canary's base " +
                base + "; plan again against the head");
        }
        final CanaryPolicy policy = CanaryPolicy.load(engine.workspace());
        canary = new CanaryRun(base, target, new CanaryPolicy(policy.alpha(), policy.minSamples(),
            policy.minLatencyShift(), policy.minErrorRateDifference(), fraction),
            TimeUnit.MILLISECONDS.toNanos(maxMs), System.nanoTime());
        return canary.status(System.nanoTime());
    }

    /**
     * The canary armed, running, or last ended.
     *
     * @return its status, or null when the panel has run none.
     */
    synchronized @Nullable CanaryStatus canaryStatus()
    {
        return canary == null ? null : canary.status(System.nanoTime());
    }

    /**
     * Cancels an armed canary whose plan was not committed after all.
     *
     * @return its status.
     * @throws IllegalArgumentException when none is armed.
     */
    synchronized CanaryStatus cancelCanary()
    {
        if (canary == null || canary.state() != CanaryRun.State.ARMED)
        {
            throw new IllegalArgumentException("no canary is armed");
        }
        canary.cancel("its plan was not committed");
        return canary.status(System.nanoTime());
    }

    /**
     * Takes down the routes of a driver that stopped after failing again and again: they are listed unserved with
     * the reason until the head changes (which starts a new driver) or the panel restarts.
     */
    private void dropStoppedDrivers()
    {
        boolean dropped = false;
        for (final Map.Entry<String, DriverWorker> worker : workers.entrySet())
        {
            final String reason = worker.getValue().stoppedReason();
            if (reason == null)
            {
                continue;
            }
            for (final String id : new ArrayList<>(servers.keySet()))
            {
                if (servers.get(id).route().to().equals(worker.getKey()))
                {
                    final RouteServer server = servers.remove(id);
                    server.close();
                    unserved.put(id, reason);
                    givenUp.put(id, new GivenUp(server.route(), reason, true));
                    LOG.error("route {} not served: {}", id, reason);
                    dropped = true;
                }
            }
        }
        if (dropped)
        {
            reapIdleWorkers();
            lanes.publish(servers.values().stream().map(RouteServer::address).toList());
        }
    }

    private void apply(final Graph desired)
    {
        final Map<String, Route> wanted = new HashMap<>();
        desired.routes().forEach(r -> wanted.put(r.id(), r));
        // a canary's baselines keep their definitions while it runs, or while a rejection waits for a person
        final Set<String> held = canary == null ? Set.of() : canary.held();
        for (final String id : new ArrayList<>(servers.keySet()))
        {
            final RouteServer server = servers.get(id);
            final DriverWorker worker = workers.get(server.route().to());
            final String failure = server.failure();
            if (failure != null)
            {
                // its lane or its driver died: served anew below, unless it keeps dying
                CloseHelper.close(context.errorHandler(), servers.remove(id));
                failed(server, failure);
            }
            // a route changed, gone, or whose component needs another driver or order of work is re-created
            else if (!held.contains(id) && (!server.route().equals(wanted.get(id)) ||
                !worker.driverName().equals(server.route().driver()) ||
                worker.scheduling() != scheduling(server.route().to(), desired)))
            {
                CloseHelper.close(context.errorHandler(), servers.remove(id));
                LOG.info("route {} closed", id);
            }
        }
        reapDeadWorkers();
        reapIdleWorkers();
        for (final GivenUp given : new ArrayList<>(givenUp.values()))
        {
            if (!given.route().equals(wanted.get(given.route().id())))
            {
                givenUp.remove(given.route().id());
                failuresInARow.remove(given.route().id());
            }
        }
        unserved.clear();
        loadBreakers();
        final Set<Integer> numbers = new HashSet<>();
        servers.values().forEach(s -> numbers.add(s.address().routeId()));
        for (final Route route : desired.routes())
        {
            if (servers.containsKey(route.id()))
            {
                continue;
            }
            if (givenUp.containsKey(route.id()))
            {
                unserved.put(route.id(), givenUp.get(route.id()).why());
                continue;
            }
            if (!PanelDrivers.available(route.driver()))
            {
                unserved.put(route.id(), PanelDrivers.unavailable(route.driver()));
                continue;
            }
            int number = LaneDirectory.routeNumber(route.id());
            while (!numbers.add(number))
            {
                number = number == Integer.MAX_VALUE ? 1 : number + 1;
            }
            try
            {
                final DriverWorker worker = worker(route, desired);
                servers.put(route.id(), new RouteServer(route, number, lanes.laneDir(), ringBytes,
                    context.laneLimits(), worker, context.recordMetrics(), breakers.forRoute(route.id()),
                    (id, from, to, reason) ->
                    {
                        FlightEvents.breakerTransition(id, from.name(), to.name(), reason);
                        context.breakerListener().onTransition(id, from, to, reason);
                    }));
                LOG.info("route {} serving on {} ({} driver, {})", route.id(), route.lane(), route.driver(),
                    worker.scheduling());
            }
            catch (final Exception ex)
            {
                numbers.remove(number);
                unserved.put(route.id(), "cannot start: " + ex.getMessage());
                LOG.warn("route {} not served: {}", route.id(), ex.getMessage());
            }
        }
        reapIdleWorkers();
        final List<RouteMetrics> live = new ArrayList<>();
        servers.values().forEach(s -> live.add(s.metrics()));
        if (canary != null)
        {
            live.addAll(canary.metrics());
        }
        live.sort(Comparator.comparing(RouteMetrics::route));
        liveMetrics = List.copyOf(live);
        final Map<String, Slo> slos = new HashMap<>();
        desired.routes().stream().filter(r -> !r.slo().equals(Slo.NONE)).forEach(r -> slos.put(r.id(), r.slo()));
        liveSlos = Map.copyOf(slos);
        lanes.publish(servers.values().stream().map(RouteServer::address).toList());
    }

    /**
     * Reads the breakers' thresholds again, for the routes this reconcile opens; routes already open keep theirs. A
     * {@code breakers} section made invalid while the panel runs is logged, and the last valid one stays in force.
     */
    private void loadBreakers()
    {
        try
        {
            breakers = BreakerPolicies.load(engine.workspace());
        }
        catch (final RttException ex)
        {
            LOG.warn("breakers in rtt.yaml not reloaded, the last valid ones stay in force: {}", ex.getMessage());
        }
    }

    /** Counts a route's failure; one that failed too often in a row is given up on until its route changes. */
    private void failed(final RouteServer server, final String failure)
    {
        final String id = server.route().id();
        final RouteMetrics metrics = server.metrics();
        final boolean servedSince = metrics.get(RouteCounter.REQUESTS) + metrics.get(RouteCounter.EVENTS) > 0;
        final int inARow = servedSince ? 1 : failuresInARow.getOrDefault(id, 0) + 1;
        failuresInARow.put(id, inARow);
        if (inARow > MAX_RESTARTS)
        {
            final String why = "failed " + inARow + " times in a row, last: " + failure + "; not restarted until " +
                "its route changes or the panel restarts";
            givenUp.put(id, new GivenUp(server.route(), why, false));
            LOG.error("route {} {}", id, why);
        }
        else
        {
            LOG.error("route {}: {}; serving it anew ({} of {} in a row)", id, failure, inARow, MAX_RESTARTS);
        }
    }

    /** Workers whose thread died, once their routes are closed; their components get a new one. */
    private void reapDeadWorkers()
    {
        for (final String component : new ArrayList<>(workers.keySet()))
        {
            final DriverWorker worker = workers.get(component);
            if (worker.failure() != null && worker.routeCount() == 0)
            {
                CloseHelper.close(context.errorHandler(), workers.remove(component));
            }
        }
    }

    /** The worker of the route's component, started with its driver if there is none yet. */
    private DriverWorker worker(final Route route, final Graph graph) throws Exception
    {
        final DriverWorker existing = workers.get(route.to());
        if (existing != null)
        {
            return existing;
        }
        final DriverWorker worker = new DriverWorker(route.to(), route.driver(),
            () -> PanelDrivers.start(route, graph, engine.workspace(), devServices), scheduling(route.to(), graph),
            context.errorHandler());
        workers.put(route.to(), worker);
        return worker;
    }

    /** EDF when any route to the component asks for a deadline, else weighted fair queueing. */
    private static Scheduling scheduling(final String component, final Graph graph)
    {
        return graph.routes().stream().anyMatch(r -> r.to().equals(component) && r.qos().deadlineMs() > 0) ?
            Scheduling.EDF : Scheduling.WFQ;
    }

    private void reapIdleWorkers()
    {
        for (final String component : new ArrayList<>(workers.keySet()))
        {
            if (workers.get(component).routeCount() == 0)
            {
                CloseHelper.close(context.errorHandler(), workers.remove(component));
            }
        }
    }

    /**
     * The committed routes as seen from outside any panel: served when the panel of the workspace publishes their
     * lane, and otherwise why not.
     *
     * @param engine the workspace's engine.
     * @return every committed route's status, sorted by route id.
     */
    public static List<RouteStatus> observe(final Engine engine)
    {
        return RouteStatuses.observe(engine);
    }

    /**
     * Every committed route's status, sorted by route id.
     *
     * @return the statuses.
     */
    public synchronized List<RouteStatus> status()
    {
        final String panelStopped = stopped;
        return RouteStatuses.of(head,
            route -> servers.containsKey(route.id()) && servers.get(route.id()).failure() == null ?
                servers.get(route.id()).address() : null,
            route -> panelStopped != null ? panelStopped :
                servers.containsKey(route.id()) ? servers.get(route.id()).failure() + "; serving it anew at the " +
                "panel's next reconcile" : unserved.getOrDefault(route.id(), "not reconciled yet"),
            route -> servers.containsKey(route.id()) ? servers.get(route.id()).breaker().state().label() : null,
            route -> workers.containsKey(route.to()) ? workers.get(route.to()).endpoint().toString() : null);
    }

    /**
     * The live routes' metrics.
     *
     * @return one per served route, sorted by route id.
     */
    public synchronized Collection<RouteMetrics> metrics()
    {
        return servers.values().stream().map(RouteServer::metrics)
            .sorted(Comparator.comparing(RouteMetrics::route)).toList();
    }

    /**
     * The live routes' metrics, sorted by route id, without waiting for a reconcile in progress.
     *
     * @return the metrics of the routes the last reconcile left live.
     */
    List<RouteMetrics> liveMetrics()
    {
        return liveMetrics;
    }

    /**
     * The panel as its control socket describes it.
     *
     * @param controlSocket the control socket's path.
     * @return the status, routes and head read together.
     */
    synchronized PanelStatus describe(final Path controlSocket)
    {
        final List<RouteStatus> routes = status();
        return new PanelStatus(ProcessHandle.current().pid(), engine.workspace().root().toString(),
            startedAt.toString(), (System.nanoTime() - startedNs) / 1_000_000, headSeq, head.digest(), metricsPort(),
            controlSocket.toString(), routes.stream().filter(RouteStatus::served).count(), routes);
    }

    /**
     * Probes a route's driver from inside the panel: its backend answers, not its lane (which a client may hold).
     *
     * @param routeId the route.
     * @return completes when the driver is live; fails saying why not (not served, its driver not live).
     */
    synchronized CompletableFuture<Void> probeInside(final String routeId)
    {
        final RouteServer server = servers.get(routeId);
        if (server == null)
        {
            return CompletableFuture.failedFuture(new IllegalStateException("route " + routeId + " is not served" +
                (unserved.containsKey(routeId) ? ": " + unserved.get(routeId) : "")));
        }
        return server.probeInside();
    }

    /**
     * The panel's flight recording: whether it runs, its bounds, and the dumps kept.
     *
     * @return the status; not running when the panel keeps no recording.
     */
    RecordingStatus recording()
    {
        return flightRecorder != null ? flightRecorder.status() :
            FlightRecorder.notRecording(engine.workspace().layout().recordingsDir());
    }

    /**
     * Dumps the panel's flight recording under {@code .rtt/recordings/}.
     *
     * @param reason why, as {@link FlightRecorder#checkReason} accepts it.
     * @return the dump.
     * @throws IllegalArgumentException when the reason is refused, or the panel keeps no recording.
     * @throws java.io.UncheckedIOException when the dump cannot be written.
     */
    RecordingStatus.Dump dumpRecording(final String reason)
    {
        FlightRecorder.checkReason(reason);
        if (flightRecorder == null)
        {
            throw new IllegalArgumentException("this panel keeps no flight recording: it was started with the flight " +
                "recorder off, or its JVM has none");
        }
        return flightRecorder.dump(reason);
    }

    /**
     * The live lanes, as published for clients.
     *
     * @return their addresses.
     */
    public synchronized List<LaneAddress> lanes()
    {
        return servers.values().stream().map(RouteServer::address).toList();
    }

    /**
     * Where {@code GET /metrics} listens.
     *
     * @return the loopback port, or -1 when metrics are not served.
     */
    public int metricsPort()
    {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /**
     * Closes the control socket, stops the watcher and the metrics sampler, closes every route and then every
     * driver, removes the published list, stops metrics and the flight recording (its dumps stay) and drops the
     * workspace lock, in that order. Idempotent; a
     * step that fails does not keep the others from running, and the first failure is thrown once all have run.
     */
    @Override
    public void close()
    {
        final WalWatcher stopping;
        final MetricsSampler sampling;
        final PanelControl answering;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true; // a watcher tick waiting for the monitor finds it and does nothing
            stopping = watcher;
            sampling = sampler;
            answering = control;
        }
        // outside the monitor: stopping the watcher waits for its tick, and the control for its request, either of
        // which may be waiting for the monitor
        // the dev services after the routes: their drivers close before the servers they talk to stop
        CloseHelper.closeAll(answering, stopping, sampling, this::closeRoutes, devServices, lanes::unpublish,
            metricsServer, flightRecorder, lock);
    }

    /** A running canary's split and drivers, then routes in reverse order of creation, then the drivers they used. */
    private synchronized void closeRoutes()
    {
        if (canary != null && canary.state() == CanaryRun.State.RUNNING)
        {
            canary.end(CanaryRun.State.CANCELLED, "cancelled: the panel stopped while it ran", "", null, null,
                System.nanoTime());
        }
        final List<RouteServer> routes = new ArrayList<>(servers.values());
        Collections.reverse(routes);
        final List<DriverWorker> drivers = new ArrayList<>(workers.values());
        servers.clear();
        workers.clear();
        liveMetrics = List.of();
        CloseHelper.closeAll(() -> CloseHelper.closeAll(routes), () -> CloseHelper.closeAll(drivers));
    }

    /**
     * A route given up on after failing too often, with why: until its route changes, or, for one whose driver was
     * stopped, until the head changes (which starts a new driver).
     */
    private record GivenUp(Route route, String why, boolean untilHeadChanges)
    {
    }

    /**
     * A panel's settings, Aeron-style: fluent setters, then {@link #conclude()} fills the defaults and checks every
     * value once. {@link Panel#start} concludes it; a context serves one panel, so tests {@link #clone()} a base.
     * <p>
     * Not thread-safe: set it up on one thread, then hand it to {@link Panel#start}.
     */
    public static final class Context implements Cloneable
    {
        /** Default {@link #metricsPort(int)}: serve no metrics. */
        public static final int METRICS_PORT_DEFAULT = -1;
        /** Default {@link #watchIntervalMs(long)}: never look for a new WAL head; callers {@link #reconcile()}. */
        public static final long WATCH_INTERVAL_MS_DEFAULT = 0;
        /** Default {@link #recordMetrics(boolean)}: record them. */
        public static final boolean RECORD_METRICS_DEFAULT = true;
        /** Default {@link #controlSocket(boolean)}: answer on the workspace's control socket. */
        public static final boolean CONTROL_SOCKET_DEFAULT = true;
        /** Default {@link #flightRecorder(boolean)}: keep a continuous flight recording. */
        public static final boolean FLIGHT_RECORDER_DEFAULT = true;

        private Engine engine;
        private int metricsPort = METRICS_PORT_DEFAULT;
        private long watchIntervalMs = WATCH_INTERVAL_MS_DEFAULT;
        private boolean recordMetrics = RECORD_METRICS_DEFAULT;
        private LaneLimits laneLimits = LaneLimits.DEFAULT;
        private boolean controlSocket = CONTROL_SOCKET_DEFAULT;
        private boolean flightRecorder = FLIGHT_RECORDER_DEFAULT;
        private @Nullable Runnable stopHandler;
        private BreakerListener breakerListener = BreakerListener.NONE;
        private NanoClock nanoClock;
        private ErrorHandler errorHandler;
        private boolean concluded;

        /**
         * Fills the defaults and checks every setting; once.
         *
         * @return this context.
         * @throws IllegalStateException    when called a second time.
         * @throws IllegalArgumentException naming the setting and its value when one is missing or out of bounds.
         */
        public Context conclude()
        {
            if (concluded)
            {
                throw new IllegalStateException("Panel.Context is already concluded: a context serves one panel");
            }
            concluded = true;
            if (engine == null)
            {
                throw new IllegalArgumentException("engine=null: a panel needs the engine of its workspace");
            }
            if (metricsPort < -1 || metricsPort > 65_535)
            {
                throw new IllegalArgumentException("metricsPort=" + metricsPort +
                    ": expected -1 (none), 0 (any free port) or 1-65535");
            }
            if (watchIntervalMs < 0)
            {
                throw new IllegalArgumentException("watchIntervalMs=" + watchIntervalMs +
                    ": expected 0 (never) or more");
            }
            if (!recordMetrics && metricsPort != -1)
            {
                throw new IllegalArgumentException("metricsPort=" + metricsPort +
                    " with recordMetrics=false: a panel that records no metrics serves none");
            }
            if (breakerListener == null)
            {
                throw new IllegalArgumentException("breakerListener=null: expected a listener, BreakerListener.NONE " +
                    "by default");
            }
            if (laneLimits == null)
            {
                throw new IllegalArgumentException("laneLimits=null: expected limits, LaneLimits.DEFAULT by default");
            }
            if (nanoClock == null)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            if (errorHandler == null)
            {
                errorHandler = new CountingErrorHandler("rtt-panel");
            }
            return this;
        }

        /**
         * Sets the engine of the workspace to serve; required.
         *
         * @param engine the engine.
         * @return this context.
         */
        public Context engine(final Engine engine)
        {
            this.engine = engine;
            return this;
        }

        /**
         * The engine of the workspace to serve.
         *
         * @return the engine; null until set.
         */
        public Engine engine()
        {
            return engine;
        }

        /**
         * Sets the loopback port of {@code GET /metrics}: 0 picks a free one, -1 serves none.
         *
         * @param metricsPort the port.
         * @return this context.
         */
        public Context metricsPort(final int metricsPort)
        {
            this.metricsPort = metricsPort;
            return this;
        }

        /**
         * The loopback port of {@code GET /metrics}.
         *
         * @return the port, 0 for any, -1 for none.
         */
        public int metricsPort()
        {
            return metricsPort;
        }

        /**
         * Sets how often the panel looks for a new WAL head by itself: 0 never (call {@link Panel#reconcile()}).
         *
         * @param watchIntervalMs the interval in milliseconds.
         * @return this context.
         */
        public Context watchIntervalMs(final long watchIntervalMs)
        {
            this.watchIntervalMs = watchIntervalMs;
            return this;
        }

        /**
         * How often the panel looks for a new WAL head.
         *
         * @return milliseconds, 0 for never.
         */
        public long watchIntervalMs()
        {
            return watchIntervalMs;
        }

        /**
         * Sets whether routes record metrics. Off, their counters stay at zero and their clocks are not read: the
         * baseline that measures what metrics cost; such a panel serves no metrics.
         *
         * @param recordMetrics whether to record.
         * @return this context.
         */
        public Context recordMetrics(final boolean recordMetrics)
        {
            this.recordMetrics = recordMetrics;
            return this;
        }

        /**
         * Whether routes record metrics.
         *
         * @return true when they do.
         */
        public boolean recordMetrics()
        {
            return recordMetrics;
        }

        /**
         * Sets what a client may hold of each route's lane: connections, idle and half-sent time, unread answers.
         *
         * @param laneLimits the limits; {@link LaneLimits#DEFAULT} by default.
         * @return this context.
         */
        public Context laneLimits(final LaneLimits laneLimits)
        {
            this.laneLimits = laneLimits;
            return this;
        }

        /**
         * Sets whether the panel answers on the workspace's control socket ({@link PanelControl}): its status, its
         * routes' windowed metrics, and {@code stop}.
         *
         * @param controlSocket whether to answer.
         * @return this context.
         */
        public Context controlSocket(final boolean controlSocket)
        {
            this.controlSocket = controlSocket;
            return this;
        }

        /**
         * What a client may hold of each route's lane.
         *
         * @return the limits.
         */
        public LaneLimits laneLimits()
        {
            return laneLimits;
        }

        /**
         * Whether the panel answers on the workspace's control socket.
         *
         * @return true when it does.
         */
        public boolean controlSocket()
        {
            return controlSocket;
        }

        /**
         * Sets whether the panel keeps a continuous JDK Flight Recorder recording ({@link FlightRecorder}), bounded
         * to {@link FlightRecorder#MAX_AGE} and {@link FlightRecorder#MAX_SIZE_BYTES}, which {@code rtt record --dump}
         * writes under {@code .rtt/recordings/}. Off, events are still emitted, at the cost of a check each.
         *
         * @param flightRecorder whether to record.
         * @return this context.
         */
        public Context flightRecorder(final boolean flightRecorder)
        {
            this.flightRecorder = flightRecorder;
            return this;
        }

        /**
         * Whether the panel keeps a continuous flight recording.
         *
         * @return true when it does.
         */
        public boolean flightRecorder()
        {
            return flightRecorder;
        }

        /**
         * Sets what a control client's {@code stop} runs, on a thread of its own once the answer is sent: the owner
         * of the panel's process is told, and closes the panel and exits. By default the panel closes itself.
         *
         * @param stopHandler what to run, or null for the default.
         * @return this context.
         */
        public Context stopHandler(final @Nullable Runnable stopHandler)
        {
            this.stopHandler = stopHandler;
            return this;
        }

        /**
         * What a control client's {@code stop} runs.
         *
         * @return the handler, or null when the panel closes itself.
         */
        public @Nullable Runnable stopHandler()
        {
            return stopHandler;
        }

        /**
         * Sets what is told of each transition of a route's circuit breaker (closed, open, half-open), on the route's
         * driver thread, besides the panel's own log line and the route's {@code rtt_route_breaker_state} gauge: the
         * hook of a flight recorder. Fast, never blocking, never throwing.
         *
         * @param breakerListener the listener; {@link BreakerListener#NONE} by default.
         * @return this context.
         */
        public Context breakerListener(final BreakerListener breakerListener)
        {
            this.breakerListener = breakerListener;
            return this;
        }

        /**
         * What is told of each transition of a route's circuit breaker.
         *
         * @return the listener.
         */
        public BreakerListener breakerListener()
        {
            return breakerListener;
        }

        /**
         * Sets the clock the watcher schedules its looks by.
         *
         * @param nanoClock the clock; the system's by default.
         * @return this context.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * The clock the watcher schedules its looks by.
         *
         * @return the clock; null until set or concluded.
         */
        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * Sets what is told of each failure of the panel's loops (the watcher's reconciles, the drivers' agents) and
         * of each close that failed during a reconcile; the loops go on. Fast, and never throwing.
         *
         * @param errorHandler the handler; by default one that logs and counts.
         * @return this context.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * What is told of each failure of the panel's loops.
         *
         * @return the handler; null until set or concluded.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * A copy of this context, concluded or not as this one is: set up a base once, and clone it per panel.
         *
         * @return the copy.
         */
        @Override
        public Context clone()
        {
            try
            {
                return (Context)super.clone();
            }
            catch (final CloneNotSupportedException ex)
            {
                throw new AssertionError(ex);
            }
        }

        @Override
        public String toString()
        {
            return "Panel.Context{engine=" + (engine == null ? null : engine.workspace().root()) +
                ", metricsPort=" + metricsPort + ", watchIntervalMs=" + watchIntervalMs +
                ", recordMetrics=" + recordMetrics + ", laneLimits=" + laneLimits + ", controlSocket=" +
                controlSocket + ", flightRecorder=" + flightRecorder + ", stopHandler=" + stopHandler +
                ", breakerListener=" + breakerListener + ", nanoClock=" + nanoClock + ", concluded=" + concluded + "}";
        }
    }
}
