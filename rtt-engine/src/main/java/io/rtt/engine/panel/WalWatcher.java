package io.rtt.engine.panel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.rtt.engine.fabric.Agents;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.NanoClock;

/**
 * The agent ({@code rtt-panel-watch}) that keeps a panel on the WAL head: once per interval it looks at the WAL's
 * segments and, when they changed, has the panel reconcile. Frames are only ever appended (a torn tail truncated), so
 * the segments' names, sizes and times show a change without reading, let alone verifying, the log. A reconcile that
 * fails goes to the error handler and is tried again at the next look, as the change is not taken as seen. A look
 * also reconciles, with no change to the log, when the panel has routes to repair (a lane or a driver whose thread
 * died). Should the watcher's own thread die, its death handler is told (the panel starts another).
 * <p>
 * Thread-safe: {@link #close()} from any thread, except from within the reconcile it runs.
 */
final class WalWatcher implements Agent, AutoCloseable
{
    private final Path walDir;
    private final long intervalNs;
    private final NanoClock clock;
    private final Runnable reconcile;
    private final BooleanSupplier repairWanted;
    private final ParkingIdleStrategy idle;
    private final AgentRunner runner;
    private volatile boolean stopping;
    /** The segments as the last reconcile saw them; the agent's alone. */
    private List<String> seen = List.of();
    private long nextLookNs;
    /** Looks completed; read by the panel when this watcher dies. */
    private volatile long looks;

    /**
     * Starts watching.
     *
     * @param walDir       the WAL's directory.
     * @param intervalNs   time between looks, by {@code clock}.
     * @param clock        the time the looks are scheduled by.
     * @param reconcile    brings the panel to the head; runs on the watcher's thread.
     * @param repairWanted whether the panel has routes to repair, which a look reconciles even with the log as it was.
     * @param errorHandler told of each look or reconcile that failed.
     * @param onDeath      told, on the dying thread, of the error that ended the watcher's thread.
     */
    WalWatcher(final Path walDir, final long intervalNs, final NanoClock clock, final Runnable reconcile,
        final BooleanSupplier repairWanted, final ErrorHandler errorHandler, final Consumer<Throwable> onDeath)
    {
        this.walDir = walDir;
        this.intervalNs = intervalNs;
        this.clock = clock;
        this.reconcile = reconcile;
        this.repairWanted = repairWanted;
        this.nextLookNs = clock.nanoTime() + intervalNs;
        this.idle = new ParkingIdleStrategy(intervalNs, () -> stopping);
        this.runner = Agents.start(this, idle, errorHandler, onDeath);
    }

    @Override
    public int doWork()
    {
        if (stopping)
        {
            throw new AgentTerminationException("the panel is closing");
        }
        final long now = clock.nanoTime();
        if (now - nextLookNs < 0)
        {
            return 0;
        }
        nextLookNs = now + intervalNs;
        final List<String> segments = segments();
        if (segments.equals(seen) && !repairWanted.getAsBoolean())
        {
            looks++;
            return 0;
        }
        reconcile.run();
        seen = segments;
        looks++;
        return 1;
    }

    /** Each segment's name, size and time, in name order. */
    private List<String> segments()
    {
        if (!Files.isDirectory(walDir))
        {
            return List.of();
        }
        try (Stream<Path> segments = Files.list(walDir))
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
            throw new UncheckedIOException("cannot list " + walDir, ex);
        }
    }

    /** Looks this watcher completed: none means it died at its first. */
    long looks()
    {
        return looks;
    }

    @Override
    public String roleName()
    {
        return "rtt-panel-watch";
    }

    /** Stops the agent at once (not at the end of its interval) and waits for its thread. Idempotent. */
    @Override
    public void close()
    {
        stopping = true;
        idle.wake();
        runner.close();
    }
}
