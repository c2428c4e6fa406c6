package io.rtt.engine.fabric;

import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.jspecify.annotations.Nullable;

/**
 * The consumer loop of one shm lane end, as an agent: each turn reads what is waiting, checks each record as a frame
 * and hands it to the {@link FrameHandler}; its runner waits with the end's {@link DoorbellIdleStrategy} (through
 * {@link #idleStrategy()}, which follows the end when it is replaced). A ring hands over its records unchecked, so
 * this is where a shm lane checks its frames, as a uds lane's decoder checks its own; {@link ShmRingReader} has
 * already checked the records' bounds.
 * <p>
 * A ring found damaged, or a peer that left the lane over one, goes to the {@link Owner}: a serving end resets the
 * lane and the loop goes on with the fresh end; a calling end leaves, and the loop stops. A calling end's loop also
 * watches for its serving end closing, and then stops.
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

    /** What the loop's end is part of: a serving or a calling end, which acts on what the loop finds. */
    interface Owner
    {
        /**
         * Whether this is the serving end, which outlives its clients and does not watch for them leaving.
         *
         * @return true for the serving end.
         */
        boolean serving();

        /**
         * The end the frames read from {@code lane} are answered on.
         *
         * @param lane the lane end being read.
         * @return where the handler answers.
         */
        FrameSender replyTo(ShmLane lane);

        /**
         * The lane turned out damaged: its inbound ring, or the peer left it saying so. Reports it, leaves the lane and
         * returns the end to go on with.
         *
         * @param lane the damaged end.
         * @param why  what is wrong.
         * @return a fresh end (a serving end's reset), or null to stop the loop.
         */
        @Nullable ShmLane damaged(ShmLane lane, String why);

        /** The serving end left the lane (only a calling end's loop looks); the loop stops after this. */
        void servingEndClosed();

        /**
         * Closes the end under the lock its senders take; run once, when the loop ends.
         *
         * @param lane the end in use then.
         */
        void closeLane(ShmLane lane);
    }

    private final String roleName;
    private final Owner owner;
    private final FrameHandler handler;
    private final ErrorHandler errorHandler;
    private final FrameFlyweight frame = new FrameFlyweight();
    private final IdleStrategy idleStrategy = new FollowingIdleStrategy();
    /** The end being read: replaced by a reset, on this loop's thread only. */
    private ShmLane lane;
    private FrameSender replyTo;
    private volatile boolean stopping;

    /**
     * @param roleName     the thread's name.
     * @param lane         the end it consumes.
     * @param owner        what the end is part of.
     * @param handler      receives each checked frame.
     * @param errorHandler told of each record that is not a frame.
     */
    ShmLaneAgent(final String roleName, final ShmLane lane, final Owner owner, final FrameHandler handler,
        final ErrorHandler errorHandler)
    {
        this.roleName = roleName;
        this.lane = lane;
        this.owner = owner;
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.replyTo = owner.replyTo(lane);
    }

    /** How the loop waits: the current end's doorbell wait. For the runner. */
    IdleStrategy idleStrategy()
    {
        return idleStrategy;
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
        final ShmLane end = lane;
        final int read = end.poll(this, READ_LIMIT);
        if (read == ShmLane.DAMAGED)
        {
            return replace(end, "its inbound ring is damaged: " + end.damage());
        }
        if (read == 0)
        {
            if (end.peerLeftDamaged())
            {
                return replace(end, owner.serving() ? "its client found the response ring damaged" :
                    "its serving end reset the lane");
            }
            if (!owner.serving() && end.peerClosed())
            {
                owner.servingEndClosed();
                throw new AgentTerminationException("the serving end closed the lane");
            }
        }
        return read;
    }

    private int replace(final ShmLane damaged, final String why)
    {
        final ShmLane fresh = owner.damaged(damaged, why);
        if (fresh == null)
        {
            throw new AgentTerminationException("lane end left: " + why);
        }
        lane = fresh;
        replyTo = owner.replyTo(fresh);
        return 1;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int frameLength;
        try
        {
            if (msgTypeId != ShmLane.MESSAGE_TYPE_ID)
            {
                throw new IllegalArgumentException("record of type " + msgTypeId + ", not a lane message");
            }
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
        owner.closeLane(lane);
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    /** The current end's wait: an end replaced by a reset brings its own doorbell. */
    private final class FollowingIdleStrategy implements IdleStrategy
    {
        @Override
        public void idle(final int workCount)
        {
            lane.idleStrategy().idle(workCount);
        }

        @Override
        public void idle()
        {
            lane.idleStrategy().idle();
        }

        @Override
        public void reset()
        {
            lane.idleStrategy().reset();
        }

        @Override
        public String alias()
        {
            return "doorbell";
        }
    }
}
