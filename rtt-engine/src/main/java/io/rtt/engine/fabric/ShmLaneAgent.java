package io.rtt.engine.fabric;

import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.MessageHandler;

/**
 * The consumer loop of one shm lane end, as an agent: each turn reads what is waiting, checks each record as a frame
 * and hands it to the {@link FrameHandler}; its runner waits with the end's {@link DoorbellIdleStrategy}. A ring
 * hands over its records unchecked, so this is where a shm lane checks its frames, as a uds lane's decoder checks its
 * own. A client's loop also watches for its serving end closing, and then stops.
 * <p>
 * The loop closes its lane end when it ends ({@link #onClose()}), on its own thread between turns: never under a read
 * in progress, even when a handler asked for the close, from within a turn, by {@link #stop()}.
 * <p>
 * Not thread-safe, but for {@link #stop()}: runs on its runner's thread.
 */
final class ShmLaneAgent implements Agent, MessageHandler
{
    /** Records read per turn, at most: a bound on how long one turn keeps the idle strategy from running. */
    static final int READ_LIMIT = 64;
    /** What a serving end's loop runs when its peer closes: nothing, as it does not watch its clients. */
    static final Runnable SERVING = () ->
    {
    };

    private final String roleName;
    private final ShmLane lane;
    private final FrameHandler handler;
    private final FrameSender replyTo;
    private final ErrorHandler errorHandler;
    private final Runnable peerClosed;
    private final Runnable closeLane;
    private final FrameFlyweight frame = new FrameFlyweight();
    private volatile boolean stopping;

    /**
     * @param roleName     the thread's name.
     * @param lane         the end it consumes.
     * @param handler      receives each checked frame.
     * @param replyTo      the end handed to the handler to answer on.
     * @param errorHandler told of each record that is not a frame.
     * @param peerClosed   run once the serving end is seen closed, before the loop stops; {@link #SERVING} for the
     *                     serving end, which outlives its clients.
     * @param closeLane    closes the lane end, under the lock its senders take; run when the loop ends.
     */
    ShmLaneAgent(final String roleName, final ShmLane lane, final FrameHandler handler, final FrameSender replyTo,
        final ErrorHandler errorHandler, final Runnable peerClosed, final Runnable closeLane)
    {
        this.roleName = roleName;
        this.lane = lane;
        this.handler = handler;
        this.replyTo = replyTo;
        this.errorHandler = errorHandler;
        this.peerClosed = peerClosed;
        this.closeLane = closeLane;
    }

    /** Ends the loop before its next turn; from any thread, the loop's own included. */
    void stop()
    {
        stopping = true;
    }

    @Override
    public int doWork()
    {
        if (stopping)
        {
            throw new AgentTerminationException("lane end closing");
        }
        final int read = lane.poll(this, READ_LIMIT);
        if (read == 0 && peerClosed != SERVING && lane.peerClosed())
        {
            peerClosed.run();
            throw new AgentTerminationException("the serving end closed the lane");
        }
        return read;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int frameLength;
        try
        {
            frameLength = frame.wrap(buffer, index).validate(length);
        }
        catch (final IllegalArgumentException ex)
        {
            errorHandler.onError(ex);
            return;
        }
        if (frameLength != length)
        {
            errorHandler.onError(new IllegalArgumentException("frame of " + frameLength + " bytes in a record of " +
                length));
            return;
        }
        handler.onFrame(buffer, index, length, replyTo);
    }

    /** The loop ended (or never started): the lane end is closed now, between turns. */
    @Override
    public void onClose()
    {
        closeLane.run();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
