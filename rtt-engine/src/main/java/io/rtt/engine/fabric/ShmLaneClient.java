package io.rtt.engine.fabric;

import java.util.ArrayList;
import java.util.List;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;

/**
 * The calling end of a shm lane: the lane end, and the agent ({@code rtt-route-<route>}) that consumes its responses,
 * watches for the serving end closing, and closes the end when it stops.
 * <p>
 * Not thread-safe for sends (callers lock this end, see {@link LaneClient}); {@link #close()} and
 * {@link #onClose(Runnable)} may be called from any thread, the receiver's own included (a handler completing a
 * request whose caller then closes): sends are refused at once, and the end is closed when the turn ends.
 */
final class ShmLaneClient implements LaneClient
{
    private final LaneAddress address;
    private final ShmLane lane;
    private final ShmLaneAgent receiver;
    private final AgentRunner runner;
    /** Guards itself and {@link #closeSeen}. */
    private final List<Runnable> closeActions = new ArrayList<>();
    private boolean closeSeen;
    private volatile boolean servingEndClosed;
    private volatile boolean closed;

    private ShmLaneClient(final LaneAddress address, final ShmLane lane, final FrameHandler handler,
        final ErrorHandler errorHandler)
    {
        this.address = address;
        this.lane = lane;
        this.receiver = new ShmLaneAgent("rtt-route-" + address.route(), lane, handler, this, errorHandler,
            this::servingEndClosed, this::closeLane);
        this.runner = Agents.start(receiver, lane.idleStrategy(), errorHandler);
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
        if (servingEndClosed)
        {
            throw new LaneClosedException("the serving end of shm lane " + address.path() + " closed");
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

    /** From the agent, once the serving end is seen closed: sends fail from now on. */
    private void servingEndClosed()
    {
        servingEndClosed = true;
        runCloseActions();
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
