package io.rtt.engine.fabric;

import static io.rtt.engine.fabric.ShmLaneDescriptor.CAPACITY_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.CLIENT_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.MAGIC;
import static io.rtt.engine.fabric.ShmLaneDescriptor.MAGIC_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.ROUTE_ID_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.SERVER_OFFSET;
import static io.rtt.engine.fabric.ShmLaneDescriptor.VERSION;
import static io.rtt.engine.fabric.ShmLaneDescriptor.VERSION_OFFSET;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import io.rtt.engine.fs.FileLocks;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One end's hold on a shm lane file (see {@link ShmLaneDescriptor}): the file created or checked, mapped, and this
 * end's lock on its identity byte taken for as long as the end lives. The server creates the file, or takes over one
 * a dead server left with the same route and capacity; the client attaches to what is there.
 * <p>
 * Not thread-safe: owned by its {@link ShmLane}.
 */
final class ShmLaneFile
{
    /** How long taking this end's lock waits for a peer that is checking this end's liveness. */
    static final long LOCK_WAIT_NS = 500_000_000L;
    /** What every lane file name ends with. */
    static final String SUFFIX = ".lane";

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path path;
    private final boolean server;
    /** Open for the end's lifetime: its lock on the end's identity byte lasts as long. */
    private final FileChannel channel;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;

    private ShmLaneFile(final Path path, final boolean server, final FileChannel channel) throws IOException
    {
        this.path = path;
        this.server = server;
        this.channel = channel;
        this.mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
        this.header = new UnsafeBuffer(mapped, 0, ShmLaneDescriptor.HEADER_LENGTH);
    }

    /**
     * The server's hold: takes over a lane file a dead server left with the same route and capacity, with its unread
     * requests; replaces anything else there.
     *
     * @throws IllegalStateException when a live process serves the lane.
     */
    static ShmLaneFile serve(final Path dir, final String name, final int routeId, final int capacity)
    {
        ShmLaneDescriptor.checkCapacity(capacity);
        final Path path = path(dir, name);
        final int length = ShmLaneDescriptor.fileLength(capacity);
        try
        {
            Files.createDirectories(dir);
            if (Files.exists(path))
            {
                final FileChannel existing = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                lockOrClose(existing, SERVER_OFFSET, "lane " + path + " is served by a live process");
                if (matches(existing, routeId, capacity))
                {
                    return map(path, true, existing);
                }
                existing.close();
                Files.delete(path);
            }
            final FileChannel fresh = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), OWNER_ONLY);
            lockOrClose(fresh, SERVER_OFFSET, "lane " + path + " is served by a live process");
            fresh.write(ByteBuffer.allocate(1), length - 1);
            fresh.write(fileHeader().putLong(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION)
                .putInt(CAPACITY_OFFSET, capacity).putInt(ROUTE_ID_OFFSET, routeId), 0);
            return map(path, true, fresh);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create lane " + path, ex);
        }
    }

    /**
     * The client's hold on the lane file that is there.
     *
     * @throws IllegalArgumentException when no lane is there or the file is not a lane this version understands.
     * @throws IllegalStateException    when a live client is attached already.
     */
    static ShmLaneFile attach(final Path dir, final String name)
    {
        final Path path = path(dir, name);
        try
        {
            final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final String problem = problemWith(channel.size(), readHeader(channel));
            if (problem != null)
            {
                channel.close();
                throw new IllegalArgumentException("not an shm lane (" + problem + "): " + path);
            }
            lockOrClose(channel, CLIENT_OFFSET, "lane " + path + " has a live client");
            return map(path, false, channel);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("no shm lane at " + path + "; is its route served?", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot attach lane " + path, ex);
        }
    }

    /** Maps the file, closing it (and so dropping the lock) if that fails. */
    private static ShmLaneFile map(final Path path, final boolean server, final FileChannel channel)
        throws IOException
    {
        try
        {
            return new ShmLaneFile(path, server, channel);
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
     * Takes the lock on one end's identity byte, held until the channel closes, retrying briefly: a peer checking
     * whether this end died holds it for the few microseconds of its check.
     */
    private static void lockOrClose(final FileChannel channel, final int identityOffset, final String heldMessage)
        throws IOException
    {
        final FileLock lock = FileLocks.lock(channel, identityOffset, 1, LOCK_WAIT_NS);
        if (lock == null)
        {
            channel.close();
            throw new IllegalStateException(heldMessage);
        }
    }

    /**
     * The lane file of {@code name} in {@code dir}.
     *
     * @throws IllegalArgumentException when the name is not 1-64 of {@code [A-Za-z0-9_.-]}, or starts with a dot.
     */
    static Path path(final Path dir, final String name)
    {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}") || name.startsWith("."))
        {
            throw new IllegalArgumentException("lane name must be 1-64 of [A-Za-z0-9_.-], not starting with '.': " + name);
        }
        return dir.resolve(name + SUFFIX);
    }

    /** The doorbell socket of the server's end ({@code <name>.s}) or the client's ({@code <name>.c}). */
    static Path bellPath(final Path laneFile, final boolean server)
    {
        final String file = laneFile.getFileName().toString();
        return laneFile.resolveSibling(file.substring(0, file.length() - SUFFIX.length()) + (server ? ".s" : ".c"));
    }

    /** The lane file. */
    Path path()
    {
        return path;
    }

    /** Whether this is the server's end. */
    boolean server()
    {
        return server;
    }

    /** The mapped file, header and rings. */
    MappedByteBuffer mapped()
    {
        return mapped;
    }

    /** The header page. */
    UnsafeBuffer header()
    {
        return header;
    }

    /**
     * Takes the lock on the other end's identity byte without waiting: held, it keeps a new peer from attaching
     * while this end mends what a dead one left.
     *
     * @return the lock, or null when the peer lives (or is attaching).
     */
    FileLock tryLockPeer()
    {
        try
        {
            return FileLocks.tryLock(channel, server ? CLIENT_OFFSET : SERVER_OFFSET, 1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot check the peer of lane " + path, ex);
        }
    }

    /**
     * Whether nobody holds the other end's identity lock: takes it and drops it at once.
     *
     * @return true when the peer is dead or gone.
     */
    boolean peerLockFree()
    {
        try
        {
            return FileLocks.isFree(channel, server ? CLIENT_OFFSET : SERVER_OFFSET, 1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot check the peer of lane " + path, ex);
        }
    }

    /**
     * Unmaps the file and closes it, which drops this end's lock; the server's end first removes the file, so a torn-down lane leaves
     * nothing behind (and no client attaches to it while it goes).
     *
     * @param remove whether to remove the file: a server leaving, not one failing to start on a file it took over.
     * @throws UncheckedIOException if the file cannot be removed or closed; the lock is dropped all the same.
     */
    void close(final boolean remove)
    {
        IoUtil.unmap(mapped);
        try
        {
            try
            {
                if (remove && server)
                {
                    Files.deleteIfExists(path);
                }
            }
            finally
            {
                // closing the channel drops its locks, the one taken while mending a dead peer's claim too
                channel.close();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close lane " + path, ex);
        }
    }
}
