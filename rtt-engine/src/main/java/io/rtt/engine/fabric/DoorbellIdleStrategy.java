package io.rtt.engine.fabric;

import static io.rtt.engine.fabric.ShmLaneDescriptor.HEARTBEAT_FIELD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * How a shm lane's consumer waits when its inbound ring is empty: it spins briefly, then yields for a budget that
 * adapts to the traffic (longer when parks end soon, shorter when they run long), then parks on its {@link Doorbell}.
 * The producer rings only when the consumer's parked flag is up, so a busy lane makes no system calls and an idle one
 * uses no CPU. While a claim stays open in the ring, the consumer yields instead of parking, and now and then checks
 * whether its producer died (see {@link ShmLaneRecovery}), or whether the ring is damaged: positions that are not
 * ring positions, or a claim open too long, which it reports to the end's {@link ShmRingReader}, so the next read
 * says so rather than the consumer yielding forever.
 * <p>
 * The parked flag is the consumer's to write; the producer reads it and clears it when it rings (Dekker: each side
 * fences between its write and its read of the other's field, see {@link ShmLane#commit}).
 * <p>
 * Not thread-safe: the idle strategy of its end's one consumer thread, whether that thread runs the lane's own
 * {@link ShmLane#receive} loop or an agent that polls.
 */
final class DoorbellIdleStrategy implements IdleStrategy
{
    /** Busy spins before yielding. */
    static final int SPINS = 200;
    /** Shortest time a consumer yields before parking. */
    static final long MIN_YIELD_NS = 20_000;
    /**
     * Longest time a consumer yields before parking: messages further apart than this find it asleep, so a lane that
     * carries less than about a thousand messages a second costs no CPU while it waits.
     */
    static final long MAX_YIELD_NS = 1_000_000;
    /** Longest park before the consumer looks at its peer again; bounds dead-peer detection while idle. */
    static final long PARK_MS = 100;
    /** How often a consumer stuck behind an unfinished claim checks whether its producer still lives. */
    static final long PEER_CHECK_NS = 1_000_000;

    private final Path laneFile;
    private final UnsafeBuffer header;
    private final int parkedOffset;
    private final int heartbeatOffset;
    private final OneToOneRingBuffer inbound;
    private final Doorbell doorbell;
    private final ShmLaneRecovery recovery;
    private final ShmRingReader reader;
    private int idleCount;
    /** The head a claim has been open at, and since when; the head a claim was last seen open at otherwise. */
    private long openAtHead = -1;
    private long openSinceNs;
    private long yieldUntilNs;
    private long yieldBudgetNs = MIN_YIELD_NS;
    private long nextPeerCheckNs;

    /**
     * @param laneFile       the lane, for messages.
     * @param header         the lane's header page.
     * @param parkedOffset   this end's parked flag.
     * @param identityOffset this end's identity block, whose heartbeat a park stamps.
     * @param inbound        the ring this end consumes.
     * @param doorbell       this end's doorbell.
     * @param recovery       mends the inbound ring when its producer died mid-claim.
     * @param reader         the inbound ring's reader, told when the ring looks damaged.
     */
    DoorbellIdleStrategy(final Path laneFile, final UnsafeBuffer header, final int parkedOffset,
        final int identityOffset, final OneToOneRingBuffer inbound, final Doorbell doorbell,
        final ShmLaneRecovery recovery, final ShmRingReader reader)
    {
        this.laneFile = laneFile;
        this.header = header;
        this.parkedOffset = parkedOffset;
        this.heartbeatOffset = identityOffset + HEARTBEAT_FIELD;
        this.inbound = inbound;
        this.doorbell = doorbell;
        this.recovery = recovery;
        this.reader = reader;
    }

    /**
     * Takes one step of the wait when {@code workCount} is 0; any work resets it.
     *
     * @param workCount messages the last poll read.
     */
    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            idleCount = 0;
            return;
        }
        idle();
    }

    /** Takes one step of the wait: a spin, a yield, or a park of at most {@link #PARK_MS}. */
    @Override
    public void idle()
    {
        if (idleCount < SPINS)
        {
            idleCount++;
            Thread.onSpinWait();
            return;
        }
        final long now = System.nanoTime();
        if (idleCount == SPINS)
        {
            idleCount++;
            yieldUntilNs = now + yieldBudgetNs;
        }
        final long head = inbound.consumerPosition();
        final long tail = inbound.producerPosition();
        if (tail != head)
        {
            // A claim is open: wait for its commit, unless its producer has died or the ring is damaged.
            if (head != openAtHead)
            {
                openAtHead = head;
                openSinceNs = now;
            }
            if (now - nextPeerCheckNs >= 0)
            {
                nextPeerCheckNs = now + PEER_CHECK_NS;
                if (recovery.recoverIfPeerDied(inbound) || reader.reportStall(head, tail, now - openSinceNs))
                {
                    idleCount = 0;
                    return;
                }
            }
            Thread.yield();
        }
        else if (now - yieldUntilNs < 0)
        {
            Thread.yield();
        }
        else
        {
            park();
        }
    }

    /**
     * Sleeps on the doorbell, then adapts the yield budget to what the sleep showed: woken soon after parking means
     * traffic is steady, so stay awake longer next time (up to {@link #MAX_YIELD_NS}); a long sleep means the lane is
     * idle, so give up the core sooner.
     */
    private void park()
    {
        try
        {
            // Stale bells go before the flag is raised: a bell rung after it must stay to wake us.
            doorbell.drain();
            header.putIntVolatile(parkedOffset, 1);
            if (inbound.producerPosition() != inbound.consumerPosition())
            {
                header.putIntVolatile(parkedOffset, 0);
                idleCount = 0;
                return;
            }
            header.putLongOrdered(heartbeatOffset, System.currentTimeMillis());
            final long parkedAt = System.nanoTime();
            doorbell.await(PARK_MS);
            header.putIntVolatile(parkedOffset, 0);
            final long slept = System.nanoTime() - parkedAt;
            yieldBudgetNs = slept < MAX_YIELD_NS
                ? Math.min(MAX_YIELD_NS, Math.max(2 * slept, 2 * yieldBudgetNs))
                : Math.max(MIN_YIELD_NS, yieldBudgetNs / 2);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("doorbell of " + laneFile + " failed", ex);
        }
        idleCount = 0;
    }

    /** Starts the next wait from its first spin. */
    @Override
    public void reset()
    {
        idleCount = 0;
    }

    @Override
    public String alias()
    {
        return "doorbell";
    }
}
