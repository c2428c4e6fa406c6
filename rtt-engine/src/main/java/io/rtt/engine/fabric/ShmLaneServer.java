package io.rtt.engine.fabric;

import io.rtt.engine.model.Lane;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;

/**
 * The serving end of a shm lane: the lane end, and the agent ({@code rtt-intake-<route>}) that consumes its requests
 * and closes the end when it stops. Answers go on the lane end itself, which senders lock.
 * <p>
 * Thread-safe: {@link #close()} may be called from any thread; from the intake's own (a handler), it takes effect
 * when the turn ends.
 */
final class ShmLaneServer implements LaneServer
{
    private final LaneAddress address;
    private final ShmLaneAgent intake;
    private final AgentRunner runner;

    private ShmLaneServer(final LaneAddress address, final ShmLaneAgent intake, final AgentRunner runner)
    {
        this.address = address;
        this.intake = intake;
        this.runner = runner;
    }

    /** Serves the lane and starts consuming it; a failure to start leaves nothing behind. */
    static ShmLaneServer serve(final LaneSpec spec, final FrameHandler handler, final ErrorHandler errorHandler)
    {
        final ShmLane lane = ShmLane.serve(spec.laneDir(), spec.name(), spec.routeId(), spec.ringBytes());
        try
        {
            final ShmLaneAgent intake = new ShmLaneAgent("rtt-intake-" + spec.route(), lane, handler, lane,
                errorHandler, ShmLaneAgent.SERVING, lane::close);
            final LaneAddress address = new LaneAddress(spec.route(), spec.routeId(), Lane.SHM,
                spec.laneDir().resolve(spec.name()).toString());
            return new ShmLaneServer(address, intake, Agents.start(intake, lane.idleStrategy(), errorHandler));
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
