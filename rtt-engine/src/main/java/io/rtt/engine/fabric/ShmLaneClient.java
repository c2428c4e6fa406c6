package io.rtt.engine.fabric;

import java.util.ArrayList;
import java.util.List;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.jspecify.annotations.Nullable;

/**
 * The calling end of a shm lane: the lane end, and the agent ({@code rtt-route-<route>}) that consumes its responses,
 * watches for the serving end closing, and closes the end when it stops.
 * <p>
 * When the serving end resets the lane (it found a ring damaged), or this end finds its response ring damaged (and
 * leaves the lane flagged, so the serving end resets it), the end closes: sends fail with a
 * {@link LaneClosedException} that says to connect again, which attaches to the fresh lane.
 * <p>
 * Not thread-safe for sends (callers lock this end, see {@link LaneClient}); {@link #close()} and
 * {@link #onClose(Runnable)} may be called from any thread, the receiver's own included (a handler completing a
 * request whose caller then closes): sends are refused at once, and the end is closed when the turn ends.
 */
final class ShmLaneClient implements LaneClient, ShmLaneAgent.Owner
{
    private final LaneAddress address;
    private final ShmLane lane;
    private final ShmLaneAgent receiver;
    private final AgentRunner runner;
    /** Guards itself and {@link #closeSeen}. */
    private final List<Runnable> closeActions = new ArrayList<>();
    private boolean closeSeen;
    private final ErrorHandler errorHandler;
    /** Why sends fail now that the lane went away under this end; null while it serves. */
    private volatile @Nullable String servingEndGone;
    private volatile boolean closed;

    private ShmLaneClient(final LaneAddress address, final ShmLane lane, final FrameHandler handler,
        final ErrorHandler errorHandler)
    {
        this.address = address;
        this.lane = lane;
        this.errorHandler = errorHandler;
        this.receiver = new ShmLaneAgent("rtt-route-" + address.route(), lane, this, handler, errorHandler);
        this.runner = Agents.start(receiver, receiver.idleStrategy(), errorHandler, this::receiverDied);
    }

    /** Attaches to the lane and starts consuming it; a failure to start leaves the lane as it was. */
    static ShmLaneClient connect(final LaneAddress address, final FrameHandler handler,
        final ErrorHandler errorHandler)
    {
        final ShmLane lane = ShmLane.attach(address.shmDirectory(), address.shmName());
        try
        {
            return new ShmLaneClient(address, lane, handler, errorHandler);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(ex::addSuppressed, lane);
            throw ex;
        }
    }

    @Override
    public boolean send(final byte kind, final int routeId, final long correlationId, final long deadlineNs,
        final DirectBuffer payload, final int offset, final int length)
    {
        if (closed)
        {
            throw new LaneClosedException("shm lane closed: " + address.path());
        }
        final String gone = servingEndGone;
        if (gone != null)
        {
            throw new LaneClosedException(gone);
        }
        return lane.send(kind, routeId, correlationId, deadlineNs, payload, offset, length);
    }

    @Override
    public void flush()
    {
        lane.flush();
    }

    @Override
    public int maxPayloadLength()
    {
        return lane.maxPayloadLength();
    }

    @Override
    public void onClose(final Runnable action)
    {
        synchronized (closeActions)
        {
            if (!closeSeen)
            {
                closeActions.add(action);
                return;
            }
        }
        action.run();
    }

    /** The receiving thread died (logged, and the end closed): sends fail from now on, and waiting callers are told. */
    private void receiverDied(final Throwable error)
    {
        servingEndGone = "the receiving thread of shm lane " + address.path() + " died: " + error;
        runCloseActions();
    }

    @Override
    public boolean serving()
    {
        return false;
    }

    @Override
    public FrameSender replyTo(final ShmLane lane)
    {
        return this;
    }

    /** From the agent, once the serving end is seen closed: sends fail from now on. */
    @Override
    public void servingEndClosed()
    {
        servingEndGone = "the serving end of shm lane " + address.path() + " closed";
        runCloseActions();
    }

    /**
     * From the agent: the serving end reset the lane, or the response ring is damaged. Leaves the lane (flagged, so
     * the serving end resets it), and sends fail from now on with what to do.
     */
    @Override
    public @Nullable ShmLane damaged(final ShmLane damaged, final String why)
    {
        final String message = "shm lane " + address.path() + " of route " + address.route() + " was reset (" + why +
            "): connect again";
        if (!damaged.peerLeftDamaged())
        {
            errorHandler.onError(new LaneFaultException(LaneFault.DAMAGED_RING, message));
        }
        servingEndGone = message;
        synchronized (this)
        {
            damaged.leaveDamaged();
        }
        runCloseActions();
        return null;
    }

    @Override
    public void closeLane(final ShmLane ignored)
    {
        closeLane();
    }

    private void runCloseActions()
    {
        final List<Runnable> actions;
        synchronized (closeActions)
        {
            if (closeSeen)
            {
                return;
            }
            closeSeen = true;
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        actions.forEach(Runnable::run);
    }

    /**
     * Refuses sends from now on and stops the receiving agent, which closes the end under this end's lock (the one
     * senders hold while they send); waits for it unless called from it.
     */
    @Override
    public void close()
    {
        closed = true;
        receiver.stop();
        try
        {
            if (Thread.currentThread() != runner.thread())
            {
                runner.close();
            }
        }
        finally
        {
            runCloseActions();
        }
    }

    private synchronized void closeLane()
    {
        lane.close();
    }
}
