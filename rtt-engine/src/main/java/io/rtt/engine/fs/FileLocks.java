package io.rtt.engine.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;

/**
 * Non-blocking byte-range locks on an open channel, as a value: a lock, or null when it is held. The JDK reports a
 * range another process holds by returning null, and one another channel of this process holds by throwing; both
 * mean "held" here.
 * <p>
 * These are fcntl locks (POSIX): the kernel drops them when their process dies, however it dies, which is what makes
 * them proof of life. It also drops every lock a process holds on a file when the process closes <em>any</em>
 * descriptor of that file, so lock a file through one channel per process, and never open it again to probe it
 * (see {@link ExclusiveFileLock}, which keeps that rule for whole-file locks).
 */
public final class FileLocks
{
    private FileLocks()
    {
    }

    /**
     * Takes an exclusive lock on a range without waiting.
     *
     * @param channel  open for writing.
     * @param position where the range starts.
     * @param size     bytes in the range.
     * @return the lock, or null when another process, or another channel of this one, holds an overlapping range.
     * @throws IOException if the lock call fails.
     */
    public static FileLock tryLock(final FileChannel channel, final long position, final long size) throws IOException
    {
        try
        {
            return channel.tryLock(position, size, false);
        }
        catch (final OverlappingFileLockException heldHere)
        {
            return null;
        }
    }

    /**
     * Takes an exclusive lock on a range, retrying (yielding between tries) while someone holds it, for at most
     * {@code waitNs}: for a lock that its holder takes only for a moment, as a peer checking this end's liveness does.
     *
     * @param channel  open for writing.
     * @param position where the range starts.
     * @param size     bytes in the range.
     * @param waitNs   how long to keep trying; 0 tries once.
     * @return the lock, or null when it was still held when the time ran out.
     * @throws IOException if the lock call fails.
     */
    public static FileLock lock(final FileChannel channel, final long position, final long size, final long waitNs)
        throws IOException
    {
        final long giveUpAt = System.nanoTime() + waitNs;
        FileLock lock;
        while ((lock = tryLock(channel, position, size)) == null && System.nanoTime() - giveUpAt < 0)
        {
            Thread.yield();
        }
        return lock;
    }

    /**
     * Whether a range is free: takes its lock and drops it at once.
     *
     * @param channel  open for writing.
     * @param position where the range starts.
     * @param size     bytes in the range.
     * @return true when nobody held it.
     * @throws IOException if the lock call fails.
     */
    public static boolean isFree(final FileChannel channel, final long position, final long size) throws IOException
    {
        final FileLock probe = tryLock(channel, position, size);
        if (probe == null)
        {
            return false;
        }
        probe.release();
        return true;
    }
}
