package io.rtt.engine.fabric;

import static io.rtt.engine.fabric.ShmLaneDescriptor.CAPACITY_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.CLIENT_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.CLIENT_PARKED_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.HEARTBEAT_FIELD;
import static io.rtt.engine.fabric.ShmLaneDescriptor.LEFT_DAMAGED_FIELD;
import static io.rtt.engine.fabric.ShmLaneDescriptor.PID_FIELD;
import static io.rtt.engine.fabric.ShmLaneDescriptor.ROUTE_ID_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.SERVER_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.SERVER_PARKED_OFFSET;

import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.jspecify.annotations.Nullable;

/**
 * One end of a shared-memory lane: a request ring and a response ring in one mapped file (see
 * {@link ShmLaneDescriptor}). The server consumes requests and produces responses; the client the reverse. Payloads are
 * written in place ({@link #tryClaim}, fill {@link #buffer()}, {@link #commit}).
 * <p>
 * The end is made of one concept each: its hold on the file and its lock ({@link ShmLaneFile}), how its consumer
 * waits ({@link DoorbellIdleStrategy}: spin, yield, then park on a {@link Doorbell} the producer rings only when asked
 * to), and how a ring is mended when its producer died mid-claim ({@link ShmLaneRecovery}). Agents poll with
 * {@link #poll} and wait with {@link #idleStrategy()}; {@link #receive} does both, for a loop of its own.
 * <p>
 * What an end reads is checked ({@link ShmRingReader}): a ring that holds what no producer writes makes a read return
 * {@link #DAMAGED}, never spin or wait forever. A lane file whose rings are damaged when a server takes it over is
 * replaced by a fresh one; a client refuses to attach to one, and flags it for its server to reset.
 * <p>
 * Not thread-safe: each end is driven by one thread, or its callers lock it; {@link #close()} takes that lock, so it
 * never unmaps a ring under a send. A process with an end open must not open the lane file another way: closing any
 * descriptor of a file drops all of the process's fcntl locks on it (POSIX), and with them this end's proof of life.
 */
public final class ShmLane implements FrameSender, AutoCloseable
{
    /** Type id of every lane record; Agrona reserves non-positive ids. */
    static final int MESSAGE_TYPE_ID = 1;
    /** What {@link #poll} and {@link #receive} return when the inbound ring is damaged; see {@link #damage()}. */
    public static final int DAMAGED = ShmRingReader.DAMAGED;

    private final ShmLaneFile file;
    private final UnsafeBuffer header;
    private final OneToOneRingBuffer inbound;
    private final OneToOneRingBuffer outbound;
    private final ShmRingReader reader;
    /** What was wrong with the rings when this end opened the file, or null. */
    private final @Nullable String openingDamage;
    /** Why the file this end found was replaced by a fresh one, or null. */
    private @Nullable String replacedDamage;
    private final int ownOffset;
    private final int peerOffset;
    private final int peerParkedOffset;
    private final Doorbell doorbell;
    private final DoorbellRinger ringer;
    private final ShmLaneRecovery recovery;
    private final DoorbellIdleStrategy idleStrategy;
    private final FrameFlyweight sendFrame = new FrameFlyweight();
    private long doorbellRings;
    private volatile boolean closed;

    private ShmLane(final ShmLaneFile file, final Doorbell doorbell)
    {
        this.file = file;
        this.doorbell = doorbell;
        final boolean server = file.server();
        final MappedByteBuffer mapped = file.mapped();
        this.header = file.header();
        final int capacity = header.getInt(CAPACITY_OFFSET);
        final OneToOneRingBuffer requests = new OneToOneRingBuffer(new UnsafeBuffer(mapped,
            ShmLaneDescriptor.requestRingOffset(), ShmLaneDescriptor.ringLength(capacity)));
        final OneToOneRingBuffer responses = new OneToOneRingBuffer(new UnsafeBuffer(mapped,
            ShmLaneDescriptor.responseRingOffset(capacity), ShmLaneDescriptor.ringLength(capacity)));
        this.inbound = server ? requests : responses;
        this.outbound = server ? responses : requests;
        this.reader = new ShmRingReader(inbound);
        final String requestsProblem = ShmRingReader.problem(requests);
        final String responsesProblem = ShmRingReader.problem(responses);
        this.openingDamage = requestsProblem != null ? "request ring: " + requestsProblem :
            responsesProblem != null ? "response ring: " + responsesProblem : null;
        this.ownOffset = server ? SERVER_OFFSET : CLIENT_OFFSET;
        this.peerOffset = server ? CLIENT_OFFSET : SERVER_OFFSET;
        final int ownParkedOffset = server ? SERVER_PARKED_OFFSET : CLIENT_PARKED_OFFSET;
        this.peerParkedOffset = server ? CLIENT_PARKED_OFFSET : SERVER_PARKED_OFFSET;
        this.ringer = new DoorbellRinger(ShmLaneFile.bellPath(file.path(), !server));
        this.recovery = new ShmLaneRecovery(file);
        this.idleStrategy = new DoorbellIdleStrategy(file.path(), header, ownParkedOffset, ownOffset, inbound, doorbell,
            recovery, reader);
        header.putIntVolatile(ownParkedOffset, 0);
        if (openingDamage == null)
        {
            // Holding our lock, no consumer recovers our ring while we mend what a dead predecessor left in it.
            recovery.mend(outbound);
            writeIdentity();
        }
    }

    /**
     * Serves the lane {@code name} in {@code dir}. A lane file left by a dead server with the same route and capacity
     * is taken over with its unread requests, unless its rings are damaged; anything else there is replaced (see
     * {@link #replacedDamage()}).
     *
     * @param dir      the lane directory.
     * @param name     the lane's name: 1-64 of {@code [A-Za-z0-9_.-]}, not starting with a dot.
     * @param routeId  the route's number, written in the header.
     * @param capacity bytes of each ring: a power of two in [{@link ShmLaneDescriptor#MIN_CAPACITY},
     *                 {@link ShmLaneDescriptor#MAX_CAPACITY}].
     * @return the serving end.
     * @throws IllegalStateException    when a live process already serves the lane.
     * @throws IllegalArgumentException when the name, the capacity or the doorbell's socket path is out of bounds.
     */
    public static ShmLane serve(final Path dir, final String name, final int routeId, final int capacity)
    {
        Doorbell.checkPathLength(ShmLaneFile.bellPath(ShmLaneFile.path(dir, name), true));
        final ShmLane found = open(ShmLaneFile.serve(dir, name, routeId, capacity));
        if (found.openingDamage == null)
        {
            return found;
        }
        found.close(); // removes the file: what is in it cannot be trusted
        final ShmLane fresh = open(ShmLaneFile.serve(dir, name, routeId, capacity));
        fresh.replacedDamage = "lane file " + found.file.path() + " was damaged (" + found.openingDamage +
            ") and was replaced; requests left in it are lost";
        return fresh;
    }

    /**
     * Attaches to the lane {@code name} in {@code dir} as its client; responses the previous client left unread are
     * still there to receive.
     *
     * @param dir  the lane directory.
     * @param name the lane's name.
     * @return the client end.
     * @throws IllegalArgumentException when no lane is there or the file is not a lane this version understands.
     * @throws IllegalStateException    when a live client is attached already, or the lane's rings are damaged (its
     *                                  server is then asked to reset it; connect again).
     */
    public static ShmLane attach(final Path dir, final String name)
    {
        final ShmLane lane = open(ShmLaneFile.attach(dir, name));
        if (lane.openingDamage != null)
        {
            lane.leaveDamaged();
            throw new IllegalStateException("shm lane " + lane.file.path() + " is damaged (" + lane.openingDamage +
                "); its serving end resets it: connect again");
        }
        return lane;
    }

    /** Builds an end on a file held, giving the file up (and so its lock) if that fails, as on a doorbell in use. */
    private static ShmLane open(final ShmLaneFile file)
    {
        Doorbell doorbell = null;
        try
        {
            doorbell = Doorbell.bind(ShmLaneFile.bellPath(file.path(), file.server()));
            return new ShmLane(file, doorbell);
        }
        catch (final RuntimeException ex)
        {
            final Doorbell bound = doorbell;
            // a server's file stays: one taken over still holds requests for the next server to try
            CloseHelper.closeAll(ex::addSuppressed, bound, () -> file.close(false));
            throw ex;
        }
    }

    /** Route id from the header. */
    public int routeId()
    {
        return header.getInt(ROUTE_ID_OFFSET);
    }

    /** Largest payload one message may carry. */
    public int maxMessageLength()
    {
        return outbound.maxMsgLength();
    }

    /** The buffer claimed indices point into. */
    public UnsafeBuffer buffer()
    {
        return (UnsafeBuffer)outbound.buffer();
    }

    /**
     * Claims {@code length} bytes of the outbound ring to be written in place at the returned index of
     * {@link #buffer()}; returns {@link RingBuffer#INSUFFICIENT_CAPACITY} when the ring is full.
     */
    public int tryClaim(final int length)
    {
        return outbound.tryClaim(MESSAGE_TYPE_ID, length);
    }

    /** Publishes a claimed message and wakes the peer if it is parked. */
    public void commit(final int index)
    {
        outbound.commit(index);
        wakePeer();
    }

    /** Abandons a claim; the consumer skips it. */
    public void abort(final int index)
    {
        outbound.abort(index);
    }

    /**
     * Writes one frame in place: claims its slot, writes the header and copies the payload into the ring, commits.
     */
    @Override
    public boolean send(final byte kind, final int routeId, final long correlationId, final long deadlineNs,
        final DirectBuffer payload, final int offset, final int length)
    {
        if (closed)
        {
            throw new LaneClosedException("shm lane closed: " + file.path());
        }
        // everything that can throw is checked before the claim: an open claim would wedge the ring
        FrameDescriptor.checkKind(kind);
        payload.boundsCheck(offset, length);
        final int index = tryClaim(FrameDescriptor.checkLength(FrameDescriptor.HEADER_LENGTH + length));
        if (index < 0)
        {
            return false;
        }
        final UnsafeBuffer ring = buffer();
        sendFrame.wrap(ring, index).header(kind, routeId, correlationId, deadlineNs, length);
        ring.putBytes(index + FrameDescriptor.HEADER_LENGTH, payload, offset, length);
        commit(index);
        return true;
    }

    @Override
    public int maxPayloadLength()
    {
        return maxMessageLength() - FrameDescriptor.HEADER_LENGTH;
    }

    /** Nothing to do: a committed frame is visible to the peer at once. */
    @Override
    public void flush()
    {
    }

    /** Copies and publishes one message; false when the ring is full. */
    public boolean offer(final DirectBuffer source, final int offset, final int length)
    {
        if (outbound.write(MESSAGE_TYPE_ID, source, offset, length))
        {
            wakePeer();
            return true;
        }
        return false;
    }

    private void wakePeer()
    {
        // Dekker with the consumer's park: our commit must be visible before we read the flag, as the flag is before
        // its read
        VarHandle.fullFence();
        if (header.getIntVolatile(peerParkedOffset) != 0 && header.compareAndSetInt(peerParkedOffset, 1, 0))
        {
            ringer.ring();
            doorbellRings++;
        }
    }

    /** Times this end woke its parked peer. */
    public long doorbellRings()
    {
        return doorbellRings;
    }

    /**
     * Reads up to {@code limit} waiting messages without waiting, checking each record first.
     *
     * @param handler receives each message in place.
     * @param limit   messages at most.
     * @return messages read, or {@link #DAMAGED} when the inbound ring holds what no producer writes.
     */
    public int poll(final MessageHandler handler, final int limit)
    {
        return reader.read(handler, limit);
    }

    /**
     * Reads up to {@code limit} messages; when there are none, takes one step of the wait (spin, yield, or park on the
     * doorbell for at most 100 ms) and returns 0.
     *
     * @param handler receives each message in place.
     * @param limit   messages at most.
     * @return messages read, or {@link #DAMAGED} when the inbound ring holds what no producer writes.
     */
    public int receive(final MessageHandler handler, final int limit)
    {
        final int read = reader.read(handler, limit);
        idleStrategy.idle(read);
        return read;
    }

    /**
     * What the last {@link #DAMAGED} read found wrong with the inbound ring.
     *
     * @return the reason, or null before any.
     */
    public @Nullable String damage()
    {
        return reader.damage();
    }

    /**
     * Why the lane file a serving end found was replaced rather than taken over.
     *
     * @return the reason, or null when it was taken over or made afresh.
     */
    public @Nullable String replacedDamage()
    {
        return replacedDamage;
    }

    /**
     * Whether the other end left the lane over a damaged ring: a server resetting the lane, or a client that found
     * its responses damaged and asks its server to.
     *
     * @return true once it did.
     */
    public boolean peerLeftDamaged()
    {
        return header.getIntVolatile(peerOffset + LEFT_DAMAGED_FIELD) != 0;
    }

    /**
     * Leaves the lane over a damaged ring: sets this end's flag, so the other end knows why, then closes (a server's
     * end removes the file). Takes this end's lock, as senders do. Idempotent.
     */
    public synchronized void leaveDamaged()
    {
        if (!closed)
        {
            header.putIntVolatile(ownOffset + LEFT_DAMAGED_FIELD, 1);
            close();
        }
    }

    /** How this end's consumer waits for messages: for an agent that {@link #poll}s this end. */
    IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /** Unfinished claims of dead producers this end has turned into padding, on either ring. */
    public long recoveredClaims()
    {
        return recovery.recoveredClaims();
    }

    /** The pid the other end wrote when it attached (0 before any did); for diagnostics, not liveness. */
    public long peerPid()
    {
        return header.getLongVolatile(peerOffset + PID_FIELD);
    }

    /**
     * Whether the other end left the lane for good: it cleared its pid when it closed and holds no lock. A peer
     * killed keeps its pid there, and a restarted one may take its place, so a dead peer is not a closed one.
     */
    boolean peerClosed()
    {
        if (peerPid() != 0)
        {
            return false; // the one volatile read on the hot path; the lock is checked only when the pid is gone
        }
        return file.peerLockFree(); // held while the peer attaches, before it writes its pid
    }

    /** Whether the other end is parked on its doorbell waiting for this end's messages. */
    public boolean peerParked()
    {
        return header.getIntVolatile(peerParkedOffset) != 0;
    }

    /** Bytes sent and not yet read by the peer. */
    public int outboundBacklog()
    {
        return outbound.size();
    }

    private void writeIdentity()
    {
        header.putLong(ownOffset + HEARTBEAT_FIELD, System.currentTimeMillis());
        header.putLongVolatile(ownOffset + PID_FIELD, ProcessHandle.current().pid());
    }

    /**
     * Leaves the lane: clears this end's pid, closes its doorbell and unmaps the file; the server also removes the
     * lane file, so a torn-down lane leaves nothing behind. Takes this end's lock, as senders do. Idempotent; a step
     * that fails does not keep the others from running.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        header.putLongVolatile(ownOffset + PID_FIELD, 0);
        CloseHelper.closeAll(ringer, doorbell, () -> file.close(true));
    }
}
