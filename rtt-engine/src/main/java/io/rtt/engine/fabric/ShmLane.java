package io.rtt.engine.fabric;

import static io.rtt.engine.fabric.ShmLaneDescriptor.CAPACITY_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.CLIENT_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.CLIENT_PARKED_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.HEARTBEAT_FIELD;
import static io.rtt.engine.fabric.ShmLaneDescriptor.MAGIC;
import static io.rtt.engine.fabric.ShmLaneDescriptor.MAGIC_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.PID_FIELD;
import static io.rtt.engine.fabric.ShmLaneDescriptor.ROUTE_ID_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.SERVER_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.SERVER_PARKED_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.VERSION;
import static io.rtt.engine.fabric.ShmLaneDescriptor.VERSION_OFFSET;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One end of a shared-memory lane: a request ring and a response ring in one mapped file (see
 * {@link ShmLaneDescriptor}). The server consumes requests and produces responses; the client the reverse. Payloads are
 * written in place ({@link #tryClaim}, fill {@link #buffer()}, {@link #commit}).
 * <p>
 * Waiting is hybrid: {@link #receive} spins briefly, then yields for a budget that adapts to the traffic (longer
 * when parks end soon, shorter when they run long), then parks on its {@link Doorbell}. The producer rings only when
 * the consumer's parked flag is up, so a busy lane makes no system calls and an idle one uses no CPU.
 * A peer killed between claim and commit leaves a record the ring would wait on forever. Each end holds a file lock
 * for its lifetime; the consumer, finding the lock free, turns that record into padding, and so does a restarted
 * peer before its first claim, so the lane is usable again whichever comes first.
 * <p>
 * Not thread-safe: each end is driven by one thread. A process with an end open must not open the lane file another
 * way: closing any descriptor of a file drops all of the process's fcntl locks on it (POSIX), and with them this
 * end's proof of life.
 */
public final class ShmLane implements FrameSender, AutoCloseable
{
    /** Type id of every lane record; Agrona reserves non-positive ids. */
    static final int MESSAGE_TYPE_ID = 1;
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
    /** How long attaching waits for a peer that is checking this end's liveness. */
    static final long LOCK_WAIT_NS = 500_000_000L;
    /** How often a consumer stuck behind an unfinished claim checks whether its producer still lives. */
    static final long PEER_CHECK_NS = 1_000_000;

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path laneFile;
    private final boolean server;
    private final FileChannel channel;
    private final FileLock ownLock;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final OneToOneRingBuffer inbound;
    private final OneToOneRingBuffer outbound;
    private final int ownOffset;
    private final int peerOffset;
    private final int ownParkedOffset;
    private final int peerParkedOffset;
    private final Doorbell doorbell;
    private final DoorbellRinger ringer;
    private int idleCount;
    private long yieldUntilNs;
    private long yieldBudgetNs = MIN_YIELD_NS;
    private long nextPeerCheckNs;
    private long recoveredClaims;
    private long doorbellRings;
    private final FrameFlyweight sendFrame = new FrameFlyweight();
    private volatile boolean closed;

    private ShmLane(final Path laneFile, final boolean server, final FileChannel channel, final FileLock ownLock)
        throws IOException
    {
        this.laneFile = laneFile;
        this.server = server;
        this.channel = channel;
        this.ownLock = ownLock;
        this.mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
        this.header = new UnsafeBuffer(mapped, 0, ShmLaneDescriptor.HEADER_LENGTH);
        final int capacity = header.getInt(CAPACITY_OFFSET);
        final OneToOneRingBuffer requests = new OneToOneRingBuffer(new UnsafeBuffer(mapped,
            ShmLaneDescriptor.requestRingOffset(), ShmLaneDescriptor.ringLength(capacity)));
        final OneToOneRingBuffer responses = new OneToOneRingBuffer(new UnsafeBuffer(mapped,
            ShmLaneDescriptor.responseRingOffset(capacity), ShmLaneDescriptor.ringLength(capacity)));
        this.inbound = server ? requests : responses;
        this.outbound = server ? responses : requests;
        this.ownOffset = server ? SERVER_OFFSET : CLIENT_OFFSET;
        this.peerOffset = server ? CLIENT_OFFSET : SERVER_OFFSET;
        this.ownParkedOffset = server ? SERVER_PARKED_OFFSET : CLIENT_PARKED_OFFSET;
        this.peerParkedOffset = server ? CLIENT_PARKED_OFFSET : SERVER_PARKED_OFFSET;
        this.doorbell = Doorbell.bind(bellPath(laneFile, server));
        this.ringer = new DoorbellRinger(bellPath(laneFile, !server));
        header.putIntVolatile(ownParkedOffset, 0);
        // Holding our lock, no consumer recovers our ring while we mend what a dead predecessor left in it.
        recoverAbandonedClaim(outbound);
        writeIdentity();
    }

    /**
     * Serves the lane {@code name} in {@code dir}. A lane file left by a dead server with the same route and capacity
     * is taken over with its unread requests; anything else there is replaced.
     *
     * @throws IllegalStateException when a live process already serves the lane.
     */
    public static ShmLane serve(final Path dir, final String name, final int routeId, final int capacity)
    {
        ShmLaneDescriptor.checkCapacity(capacity);
        final Path laneFile = laneFile(dir, name);
        Doorbell.checkPathLength(bellPath(laneFile, true));
        final int length = ShmLaneDescriptor.fileLength(capacity);
        try
        {
            Files.createDirectories(dir);
            if (Files.exists(laneFile))
            {
                final FileChannel existing = FileChannel.open(laneFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                final FileLock lock = lockOrClose(existing, SERVER_OFFSET, "lane " + laneFile + " is served by a live process");
                if (matches(existing, routeId, capacity))
                {
                    return open(laneFile, true, existing, lock);
                }
                existing.close();
                Files.delete(laneFile);
            }
            final FileChannel fresh = FileChannel.open(laneFile, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), OWNER_ONLY);
            final FileLock lock = lockOrClose(fresh, SERVER_OFFSET, "lane " + laneFile + " is served by a live process");
            fresh.write(ByteBuffer.allocate(1), length - 1);
            fresh.write(fileHeader().putLong(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION)
                .putInt(CAPACITY_OFFSET, capacity).putInt(ROUTE_ID_OFFSET, routeId), 0);
            return open(laneFile, true, fresh, lock);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create lane " + laneFile, ex);
        }
    }

    /**
     * Attaches to the lane {@code name} in {@code dir} as its client; responses the previous client left unread are
     * still there to receive.
     *
     * @throws IllegalArgumentException when no lane is there or the file is not a lane this version understands.
     * @throws IllegalStateException when a live client is attached already.
     */
    public static ShmLane attach(final Path dir, final String name)
    {
        final Path laneFile = laneFile(dir, name);
        try
        {
            final FileChannel channel = FileChannel.open(laneFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final String problem = problemWith(channel.size(), readHeader(channel));
            if (problem != null)
            {
                channel.close();
                throw new IllegalArgumentException("not an shm lane (" + problem + "): " + laneFile);
            }
            final FileLock lock = lockOrClose(channel, CLIENT_OFFSET, "lane " + laneFile + " has a live client");
            return open(laneFile, false, channel, lock);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("no shm lane at " + laneFile + "; is its route served?", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot attach lane " + laneFile, ex);
        }
    }

    /** Builds an end, closing the file (and so dropping its lock) if that fails half-way, as on a doorbell path in use. */
    private static ShmLane open(final Path laneFile, final boolean server, final FileChannel channel, final FileLock lock)
        throws IOException
    {
        try
        {
            return new ShmLane(laneFile, server, channel, lock);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /** Whether the file is a whole lane of this route and capacity, which a new server may take over. */
    private static boolean matches(final FileChannel channel, final int routeId, final int capacity) throws IOException
    {
        final ByteBuffer head = readHeader(channel);
        return problemWith(channel.size(), head) == null
            && head.getInt(CAPACITY_OFFSET) == capacity && head.getInt(ROUTE_ID_OFFSET) == routeId;
    }

    /** What makes a file of {@code size} bytes starting with {@code head} not a lane, or null. */
    private static String problemWith(final long size, final ByteBuffer head)
    {
        if (size < ShmLaneDescriptor.HEADER_LENGTH)
        {
            return "size " + size;
        }
        final int capacity = head.getInt(CAPACITY_OFFSET);
        return head.getLong(MAGIC_OFFSET) != MAGIC ? "bad magic"
            : head.getInt(VERSION_OFFSET) != VERSION ? "version " + head.getInt(VERSION_OFFSET) + ", expected " + VERSION
            : capacity < ShmLaneDescriptor.MIN_CAPACITY || capacity > ShmLaneDescriptor.MAX_CAPACITY
                || ShmLaneDescriptor.fileLength(capacity) != size ? "size " + size + " does not fit capacity " + capacity
            : null;
    }

    private static ByteBuffer readHeader(final FileChannel channel) throws IOException
    {
        final ByteBuffer head = fileHeader();
        channel.read(head, 0);
        return head;
    }

    /** A buffer for the fixed header fields (magic to route id), read and written before the file is mapped. */
    private static ByteBuffer fileHeader()
    {
        return ByteBuffer.allocate(ROUTE_ID_OFFSET + Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Takes the lock on one end's identity byte, retrying briefly: a peer checking whether this end died holds it for
     * the few microseconds of its check.
     */
    private static FileLock lockOrClose(final FileChannel channel, final int identityOffset, final String heldMessage)
        throws IOException
    {
        final long deadline = System.nanoTime() + LOCK_WAIT_NS;
        do
        {
            final FileLock lock = tryLock(channel, identityOffset);
            if (lock != null)
            {
                return lock;
            }
            Thread.yield();
        }
        while (System.nanoTime() - deadline < 0);
        channel.close();
        throw new IllegalStateException(heldMessage);
    }

    /** The lock on an identity byte, or null when another process (or another end in this JVM) holds it. */
    private static FileLock tryLock(final FileChannel channel, final int identityOffset) throws IOException
    {
        try
        {
            return channel.tryLock(identityOffset, 1, false);
        }
        catch (final OverlappingFileLockException ex)
        {
            return null;
        }
    }

    static Path laneFile(final Path dir, final String name)
    {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}") || name.startsWith("."))
        {
            throw new IllegalArgumentException("lane name must be 1-64 of [A-Za-z0-9_.-], not starting with '.': " + name);
        }
        return dir.resolve(name + ".lane");
    }

    private static Path bellPath(final Path laneFile, final boolean server)
    {
        final String file = laneFile.getFileName().toString();
        return laneFile.resolveSibling(file.substring(0, file.length() - ".lane".length()) + (server ? ".s" : ".c"));
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
            throw new LaneClosedException("shm lane closed: " + laneFile);
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
        // Dekker with park(): our commit must be visible before we read the flag, as the flag is before its read.
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

    /** Reads up to {@code limit} waiting messages without waiting. */
    public int poll(final MessageHandler handler, final int limit)
    {
        return inbound.read(handler, limit);
    }

    /**
     * Reads up to {@code limit} messages; when there are none, takes one step of the hybrid wait (spin, yield, or park
     * for at most {@link #PARK_MS}) and returns 0.
     */
    public int receive(final MessageHandler handler, final int limit)
    {
        final int read = inbound.read(handler, limit);
        if (read > 0)
        {
            idleCount = 0;
            return read;
        }
        idle();
        return 0;
    }

    private void idle()
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
        if (inbound.producerPosition() != inbound.consumerPosition())
        {
            // A claim is open: wait for its commit, unless its producer has died.
            if (now - nextPeerCheckNs >= 0)
            {
                nextPeerCheckNs = now + PEER_CHECK_NS;
                if (recoverIfPeerDied())
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
            header.putIntVolatile(ownParkedOffset, 1);
            if (inbound.producerPosition() != inbound.consumerPosition())
            {
                header.putIntVolatile(ownParkedOffset, 0);
                idleCount = 0;
                return;
            }
            header.putLongOrdered(ownOffset + HEARTBEAT_FIELD, System.currentTimeMillis());
            final long parkedAt = System.nanoTime();
            doorbell.await(PARK_MS);
            header.putIntVolatile(ownParkedOffset, 0);
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

    /**
     * Recovers the inbound ring if its producer died. Holding the dead peer's lock while recovering keeps a new peer
     * from attaching, and so from claiming, until the ring is whole again.
     */
    private boolean recoverIfPeerDied()
    {
        try
        {
            final FileLock peerLock = tryLock(channel, peerOffset);
            if (peerLock == null)
            {
                return false;
            }
            try
            {
                return recoverAbandonedClaim(inbound);
            }
            finally
            {
                peerLock.release();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot recover lane " + laneFile, ex);
        }
    }

    /**
     * Mends what a producer left when it died between claim and commit. With one producer, which is gone, the
     * unfinished record is the last one and runs to the tail; the records before it are whole and are walked from the
     * consumer's head. The unfinished record becomes padding, and the header at the tail is zeroed first, because
     * Agrona publishes the tail before it zeroes the next header and the producer may have died in between (a stale
     * header there would hand the consumer a message from the previous lap). A consumer that already passed a
     * wrap-around padding published before the tail has its head ahead of the tail; the tail is moved up to it.
     *
     * @return true when something was mended.
     */
    private boolean recoverAbandonedClaim(final OneToOneRingBuffer ring)
    {
        final UnsafeBuffer buffer = (UnsafeBuffer)ring.buffer();
        final int mask = ring.capacity() - 1;
        final int tailCounter = ring.capacity() + RingBufferDescriptor.TAIL_POSITION_OFFSET;
        final long tail = ring.producerPosition();
        long position = ring.consumerPosition();
        if (position > tail)
        {
            buffer.putLongOrdered(tailCounter, position);
            recoveredClaims++;
            return true;
        }
        while (position < tail)
        {
            final int index = (int)position & mask;
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(index));
            if (length <= 0)
            {
                buffer.putLong((int)tail & mask, 0L);
                buffer.putInt(RecordDescriptor.typeOffset(index), RingBuffer.PADDING_MSG_TYPE_ID);
                buffer.putIntOrdered(RecordDescriptor.lengthOffset(index), (int)(tail - position));
                recoveredClaims++;
                return true;
            }
            position += BitUtil.align(length, RecordDescriptor.ALIGNMENT);
        }
        return false;
    }

    /** Unfinished claims of dead producers this end has turned into padding, on either ring. */
    public long recoveredClaims()
    {
        return recoveredClaims;
    }

    /** The pid the other end wrote when it attached (0 before any did); for diagnostics, not liveness. */
    public long peerPid()
    {
        return header.getLongVolatile(peerOffset + PID_FIELD);
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
     * Leaves the lane: unbinds this end's doorbell and unmaps the file; the server also removes the lane file, so a
     * torn-down lane leaves nothing behind.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        header.putLongVolatile(ownOffset + PID_FIELD, 0);
        ringer.close();
        doorbell.close();
        IoUtil.unmap(mapped);
        try
        {
            if (server)
            {
                Files.deleteIfExists(laneFile);
            }
            ownLock.release();
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close lane " + laneFile, ex);
        }
    }
}
