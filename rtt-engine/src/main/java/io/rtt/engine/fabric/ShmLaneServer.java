package io.rtt.engine.fabric;

import io.rtt.engine.model.Lane;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.jspecify.annotations.Nullable;

/**
 * The serving end of a shm lane: the lane end, and the agent ({@code rtt-intake-<route>}) that consumes its requests
 * and closes the end when it stops. Answers go on the lane end itself, which senders lock.
 * <p>
 * A damaged lane is reset, never spun on: when the intake finds the request ring damaged, or its client left saying
 * the response ring is, it reports a {@link LaneFaultException} ({@link LaneFault#DAMAGED_RING}), leaves the file with
 * its left-damaged flag set (its client sees it and fails its sends with a clear error) and serves a fresh file at the
 * same path, which the next client attaches to. Answers still owed on the old end are dropped (their senders see it
 * closed). A damaged file found at start is replaced the same way. If the intake's thread dies, or a reset fails,
 * {@link #failure()} says so.
 * <p>
 * Thread-safe: {@link #close()} may be called from any thread; from the intake's own (a handler), it takes effect
 * when the turn ends.
 */
final class ShmLaneServer implements LaneServer, ShmLaneAgent.Owner
{
    private final LaneSpec spec;
    private final LaneAddress address;
    private final ErrorHandler errorHandler;
    private final ShmLaneAgent intake;
    private final AgentRunner runner;
    private volatile @Nullable String failure;

    private ShmLaneServer(final LaneSpec spec, final ShmLane lane, final FrameHandler handler,
        final ErrorHandler errorHandler)
    {
        this.spec = spec;
        this.errorHandler = errorHandler;
        this.address = new LaneAddress(spec.route(), spec.routeId(), Lane.SHM,
            spec.laneDir().resolve(spec.name()).toString());
        this.intake = new ShmLaneAgent("rtt-intake-" + spec.route(), lane, this, handler, errorHandler);
        this.runner = Agents.start(intake, intake.idleStrategy(), errorHandler,
            error -> failure = "the intake thread of shm lane " + address.path() + " died: " + error);
    }

    /** Serves the lane and starts consuming it; a failure to start leaves nothing behind. */
    static ShmLaneServer serve(final LaneSpec spec, final FrameHandler handler, final ErrorHandler errorHandler)
    {
        final ShmLane lane = ShmLane.serve(spec.laneDir(), spec.name(), spec.routeId(), spec.ringBytes());
        try
        {
            if (lane.replacedDamage() != null)
            {
                errorHandler.onError(new LaneFaultException(LaneFault.DAMAGED_RING, lane.replacedDamage()));
            }
            return new ShmLaneServer(spec, lane, handler, errorHandler);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(ex::addSuppressed, lane);
            throw ex;
        }
    }

    @Override
    public LaneAddress address()
    {
        return address;
    }

    @Override
    public @Nullable String failure()
    {
        return failure;
    }

    @Override
    public boolean serving()
    {
        return true;
    }

    @Override
    public FrameSender replyTo(final ShmLane lane)
    {
        return lane;
    }

    /** Resets the lane: leaves the damaged file (under the senders' lock) and serves a fresh one at its path. */
    @Override
    public @Nullable ShmLane damaged(final ShmLane lane, final String why)
    {
        errorHandler.onError(new LaneFaultException(LaneFault.DAMAGED_RING, "shm lane " + address.path() +
            " of route " + spec.route() + ": " + why + "; reset to a fresh file, its client must connect again"));
        lane.leaveDamaged();
        try
        {
            return ShmLane.serve(spec.laneDir(), spec.name(), spec.routeId(), spec.ringBytes());
        }
        catch (final RuntimeException ex)
        {
            failure = "shm lane " + address.path() + " could not be reset: " + ex.getMessage();
            errorHandler.onError(ex);
            return null;
        }
    }

    @Override
    public void servingEndClosed()
    {
    }

    @Override
    public void closeLane(final ShmLane lane)
    {
        lane.close();
    }

    /** Stops the intake (within one park of the doorbell), which closes the end under its lock, and waits. */
    @Override
    public void close()
    {
        intake.stop();
        if (Thread.currentThread() != runner.thread())
        {
            runner.close();
        }
    }
}
