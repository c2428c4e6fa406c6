package io.rtt.engine.panel;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.rtt.engine.fabric.Agents;
import io.rtt.engine.model.Slo;
import io.rtt.engine.telemetry.RouteMetrics;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.NanoClock;

/**
 * The agent ({@code rtt-panel-metrics}) that cuts every live route's metrics window into slices: once per
 * {@link RouteMetrics#SLICE_NS} it {@link RouteMetrics#roll}s each route, which takes the latencies recorded since
 * the last roll off the route's recorder and closes the slice. The hot path never sees it: the driver keeps recording
 * into its recorder, and the counters are read, not reset.
 * <p>
 * Its own thread, not the WAL watcher's: a reconcile can run for a while (opening lanes, starting drivers), and a
 * slice the sampler closed late would stretch. It reads the routes without the panel's monitor for the same reason.
 * A slice closed late is still right, only longer: each records when it opened and closed.
 * <p>
 * Thread-safe: {@link #close()} from any thread.
 */
final class MetricsSampler implements Agent, AutoCloseable
{
    /** How early a roll may come: a tenth of a slice. */
    private static final long EARLY_NS = RouteMetrics.SLICE_NS / 10;

    private final Supplier<List<RouteMetrics>> routes;
    private final Supplier<Map<String, Slo>> slos;
    private final SloWatch sloWatch = new SloWatch();
    private final NanoClock clock;
    private final ParkingIdleStrategy idle;
    private final AgentRunner runner;
    private volatile boolean stopping;
    /** When the next slices close; the agent's alone. */
    private long nextRollNs;

    /**
     * Starts sampling.
     *
     * @param routes       the live routes' metrics, read without a lock.
     * @param slos         their objectives by route id, read without a lock, for the {@link SloWatch}.
     * @param clock        the clock the routes' windows opened by.
     * @param errorHandler told of each turn that failed; sampling goes on.
     */
    MetricsSampler(final Supplier<List<RouteMetrics>> routes, final Supplier<Map<String, Slo>> slos,
        final NanoClock clock, final ErrorHandler errorHandler)
    {
        this.routes = routes;
        this.slos = slos;
        this.clock = clock;
        this.nextRollNs = clock.nanoTime() + RouteMetrics.SLICE_NS;
        this.idle = new ParkingIdleStrategy(RouteMetrics.SLICE_NS, () -> stopping);
        this.runner = Agents.start(this, idle, errorHandler);
    }

    @Override
    public int doWork()
    {
        if (stopping)
        {
            throw new AgentTerminationException("the panel is closing");
        }
        final long now = clock.nanoTime();
        // a park of one slice may end a little early; rolling then beats parking a whole slice more
        if (nextRollNs - now > EARLY_NS)
        {
            return 0;
        }
        // the next slice is due a whole slice from now, not from when this one was due: a late turn is not repeated
        nextRollNs = now + RouteMetrics.SLICE_NS;
        final List<RouteMetrics> live = routes.get();
        for (int i = 0; i < live.size(); i++)
        {
            live.get(i).roll(now);
        }
        sloWatch.check(live, slos.get(), now);
        return live.size();
    }

    @Override
    public String roleName()
    {
        return "rtt-panel-metrics";
    }

    /** Stops the agent at once and waits for its thread. Idempotent. */
    @Override
    public void close()
    {
        stopping = true;
        idle.wake();
        runner.close();
    }
}
