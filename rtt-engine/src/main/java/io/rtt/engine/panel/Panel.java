package io.rtt.engine.panel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import io.rtt.engine.Engine;
import io.rtt.engine.drivers.Drivers;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;
import io.rtt.engine.plan.PlanPolicy;
import io.rtt.engine.telemetry.MetricsServer;
import io.rtt.engine.telemetry.RouteMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel: realises the committed graph (the WAL head) as live routes, and keeps it so. Each reconcile compares
 * the head's routes with the live ones: a route gone or changed is closed, a new or changed one gets a lane, a queue
 * and a place in its component's {@link DriverWorker}; a driver left with no routes stops. Routes whose driver is
 * not built in are listed as unserved, with the reason. After each reconcile the live lanes are published in
 * {@code .rtt/lanes/routes.json} for clients.
 * <p>
 * A component's driver orders its routes' messages by deadline (EDF) when any of those routes asks for one, and by
 * priority-weighted fair queueing (WFQ) otherwise.
 */
public final class Panel implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Panel.class);
    /**
     * Panel locks this process holds. Checked before opening a lock file: closing any descriptor of a file drops
     * every fcntl lock the process holds on it (POSIX), so a probe must never open a file a panel here has locked.
     */
    private static final Set<Path> LOCKED_HERE = ConcurrentHashMap.newKeySet();

    private final Engine engine;
    private final Path lockFile;
    private final FileChannel lock;
    private final LaneDirectory lanes;
    private final int ringBytes;
    private final boolean recordMetrics;
    private final Map<String, RouteServer> servers = new LinkedHashMap<>();
    private final Map<String, DriverWorker> workers = new HashMap<>();
    private final Map<String, String> unserved = new LinkedHashMap<>();
    private final MetricsServer metricsServer;
    private final ScheduledExecutorService watcher;
    private Graph head = Graph.EMPTY;
    private boolean closed;
    /** The WAL segments' names, sizes and times as the watcher last reconciled them. */
    private List<String> walSeen = List.of();

    private Panel(final Engine engine, final int metricsPort, final long watchMs, final boolean recordMetrics)
    {
        this.engine = engine;
        this.recordMetrics = recordMetrics;
        this.lanes = LaneDirectory.of(engine.workspace());
        this.lockFile = engine.workspace().layout().panelLock();
        this.lock = lock(lockFile);
        int ring = 0;
        MetricsServer metrics = null;
        try
        {
            ring = PlanPolicy.load(engine.workspace()).ringBytes();
            metrics = metricsPort < 0 ? null : MetricsServer.start(metricsPort, this::metrics);
        }
        catch (final RuntimeException ex)
        {
            releaseLock();
            throw ex;
        }
        this.ringBytes = ring;
        this.metricsServer = metrics;
        this.watcher = watchMs > 0 ? Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "rtt-panel-watch");
            thread.setDaemon(true);
            return thread;
        }) : null;
        try
        {
            reconcile();
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        if (watcher != null)
        {
            watcher.scheduleWithFixedDelay(this::reconcileQuietly, watchMs, watchMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One panel per workspace: the OS lock is dropped when the process dies, however it dies. */
    private static FileChannel lock(final Path file)
    {
        if (!LOCKED_HERE.add(file))
        {
            throw new IllegalStateException("a panel already serves this workspace (" + file + " is locked)");
        }
        try
        {
            Files.createDirectories(file.getParent());
            final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            boolean locked;
            try
            {
                locked = channel.tryLock() != null;
            }
            catch (final OverlappingFileLockException inThisProcess)
            {
                locked = false;
            }
            if (!locked)
            {
                channel.close();
                throw new IllegalStateException("a panel already serves this workspace (" + file + " is locked)");
            }
            return channel;
        }
        catch (final IOException ex)
        {
            LOCKED_HERE.remove(file);
            throw new UncheckedIOException("cannot lock " + file, ex);
        }
        catch (final RuntimeException ex)
        {
            LOCKED_HERE.remove(file);
            throw ex;
        }
    }

    /**
     * Starts a panel on a workspace and reconciles it to the WAL head.
     *
     * @param engine      the workspace's engine.
     * @param metricsPort loopback port of {@code GET /metrics}; 0 picks a free one, -1 serves none.
     * @param watchMs     how often to look for a new WAL head; 0 never (call {@link #reconcile()}).
     * @return the running panel.
     * @throws IllegalStateException when another panel serves the workspace.
     */
    public static Panel start(final Engine engine, final int metricsPort, final long watchMs)
    {
        return new Panel(engine, metricsPort, watchMs, true);
    }

    /**
     * Starts a panel that records no metrics (its routes' counters stay at zero and their clocks are not read):
     * the baseline that measures what metrics cost.
     *
     * @param engine  the workspace's engine.
     * @param watchMs how often to look for a new WAL head; 0 never.
     * @return the running panel.
     */
    public static Panel withoutMetrics(final Engine engine, final long watchMs)
    {
        return new Panel(engine, -1, watchMs, false);
    }

    /**
     * Brings the live routes to the WAL head.
     *
     * @return every committed route's status.
     */
    public synchronized List<RouteStatus> reconcile()
    {
        if (closed)
        {
            throw new IllegalStateException("the panel is closed");
        }
        dropStoppedDrivers();
        final Graph desired = engine.applier().head();
        if (!desired.equals(head) || servers.isEmpty() && unserved.isEmpty())
        {
            apply(desired);
            head = desired;
        }
        return status();
    }

    /** A watcher tick: reconciles only when the log grew or changed, instead of re-reading it every time. */
    private synchronized void reconcileQuietly()
    {
        if (closed)
        {
            return;
        }
        try
        {
            dropStoppedDrivers();
            final List<String> seen = walSignature();
            if (!seen.equals(walSeen))
            {
                reconcile();
                walSeen = seen;
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("reconcile failed; the live routes stay as they were: {}", ex.getMessage());
        }
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
                    servers.remove(id).close();
                    unserved.put(id, reason);
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

    /** Frames are only ever appended (a torn tail truncated), so segment names, sizes and times show a change. */
    private List<String> walSignature()
    {
        final Path wal = engine.workspace().layout().walDir();
        if (!Files.isDirectory(wal))
        {
            return List.of();
        }
        try (Stream<Path> segments = Files.list(wal))
        {
            final List<String> signature = new ArrayList<>();
            for (final Path segment : segments.sorted().toList())
            {
                signature.add(segment.getFileName() + ":" + Files.size(segment) + ":" +
                    Files.getLastModifiedTime(segment).toMillis());
            }
            return signature;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + wal, ex);
        }
    }

    private void apply(final Graph desired)
    {
        final Map<String, Route> wanted = new HashMap<>();
        desired.routes().forEach(r -> wanted.put(r.id(), r));
        for (final String id : new ArrayList<>(servers.keySet()))
        {
            final RouteServer server = servers.get(id);
            final DriverWorker worker = workers.get(server.route().to());
            // a route changed, gone, or whose component needs another driver or order of work is re-created
            if (!server.route().equals(wanted.get(id)) || !worker.driverName().equals(server.route().driver()) ||
                worker.scheduling() != scheduling(server.route().to(), desired))
            {
                servers.remove(id).close();
                LOG.info("route {} closed", id);
            }
        }
        reapIdleWorkers();
        unserved.clear();
        final Set<Integer> numbers = new HashSet<>();
        servers.values().forEach(s -> numbers.add(s.address().routeId()));
        for (final Route route : desired.routes())
        {
            if (servers.containsKey(route.id()))
            {
                continue;
            }
            if (!Drivers.BUILT_IN.contains(route.driver()))
            {
                unserved.put(route.id(), noBuiltInDriver(route.driver()));
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
                servers.put(route.id(), new RouteServer(route, number, lanes.laneDir(), ringBytes, worker, recordMetrics));
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
        lanes.publish(servers.values().stream().map(RouteServer::address).toList());
    }

    private DriverWorker worker(final Route route, final Graph graph) throws Exception
    {
        final DriverWorker existing = workers.get(route.to());
        if (existing != null)
        {
            return existing;
        }
        final Path dataDir = engine.workspace().layout().dataDir();
        final DriverWorker worker = new DriverWorker(route.to(), route.driver(),
            () -> Drivers.start(route, graph, dataDir), scheduling(route.to(), graph));
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
                workers.remove(component).close();
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
        final boolean running = isRunning(engine.workspace().layout().panelLock());
        final Map<String, LaneAddress> published = new HashMap<>();
        if (running)
        {
            LaneDirectory.of(engine.workspace()).published().forEach(a -> published.put(a.route(), a));
        }
        return statuses(engine.applier().head(), route -> published.get(route.id()),
            route -> !Drivers.BUILT_IN.contains(route.driver()) ? noBuiltInDriver(route.driver()) :
                running ? "not served by the running panel (see its log)" :
                "no panel serves this workspace: `rtt serve " + engine.workspace().root() + "`");
    }

    /** Each route of {@code graph}, served where {@code lane} knows its address, else with {@code whyNot}. */
    private static List<RouteStatus> statuses(final Graph graph, final Function<Route, LaneAddress> lane,
        final Function<Route, String> whyNot)
    {
        final List<RouteStatus> all = new ArrayList<>();
        for (final Route route : graph.routes())
        {
            final LaneAddress address = lane.apply(route);
            all.add(new RouteStatus(route.id(), route.lane(), route.driver(), address != null,
                address != null ? address.path() : whyNot.apply(route)));
        }
        all.sort(Comparator.comparing(RouteStatus::route));
        return all;
    }

    private static String noBuiltInDriver(final String driver)
    {
        return "no built-in driver " + driver + " yet (built in: " +
            String.join(", ", Drivers.BUILT_IN.stream().sorted().toList()) + ")";
    }

    /** Whether a live process holds the panel lock; probing takes and drops it at once when nobody does. */
    private static boolean isRunning(final Path lockFile)
    {
        if (LOCKED_HERE.contains(lockFile))
        {
            return true;
        }
        if (!Files.exists(lockFile))
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE))
        {
            final FileLock probe = channel.tryLock();
            if (probe == null)
            {
                return true;
            }
            probe.release();
            return false;
        }
        catch (final OverlappingFileLockException heldHere)
        {
            return true;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + lockFile, ex);
        }
    }

    /**
     * Every committed route's status, sorted by route id.
     *
     * @return the statuses.
     */
    public synchronized List<RouteStatus> status()
    {
        return statuses(head, route -> servers.containsKey(route.id()) ? servers.get(route.id()).address() : null,
            route -> unserved.getOrDefault(route.id(), "not reconciled yet"));
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

    /** Closes every route and driver, removes the lane files and the published list, stops metrics. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true; // a watcher tick waiting for this monitor finds it and does nothing
        if (watcher != null)
        {
            watcher.shutdownNow();
        }
        servers.values().forEach(RouteServer::close);
        servers.clear();
        workers.values().forEach(DriverWorker::close);
        workers.clear();
        lanes.unpublish();
        if (metricsServer != null)
        {
            metricsServer.close();
        }
        releaseLock();
    }

    private void releaseLock()
    {
        try
        {
            lock.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("releasing the panel lock: {}", ex.getMessage());
        }
        finally
        {
            LOCKED_HERE.remove(lockFile);
        }
    }
}
