package io.rtt.engine.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * An exclusive OS lock on a whole lock file, held from {@link #tryAcquire} to {@link #close()}: one holder at a time
 * across processes and within this one (the panel of a workspace, its one apply at a time). A process that dies
 * drops its lock, however it dies, so a crash never leaves a workspace locked.
 * <p>
 * The locks this process holds are remembered by path, because closing any descriptor of a file drops every lock the
 * process holds on it (POSIX): acquiring a held path again, or probing it with {@link #isHeld}, must answer from that
 * record and never open the file a second time.
 * <p>
 * Thread-safe.
 */
public final class ExclusiveFileLock implements AutoCloseable
{
    /** Lock files this process holds, by absolute path. Its monitor also orders probes against acquisitions. */
    private static final Set<Path> HELD_HERE = new HashSet<>();

    private final Path file;
    private final FileChannel channel;
    private boolean closed;

    private ExclusiveFileLock(final Path file, final FileChannel channel)
    {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Takes the lock on {@code file}, creating it and its directories when missing, without waiting.
     *
     * @param file the lock file.
     * @return the lock, or null when another process, or this one, holds it.
     * @throws IOException if the file cannot be created, opened or locked.
     */
    public static ExclusiveFileLock tryAcquire(final Path file) throws IOException
    {
        final Path key = file.toAbsolutePath().normalize();
        synchronized (HELD_HERE)
        {
            if (!HELD_HERE.add(key))
            {
                return null;
            }
        }
        FileChannel channel = null;
        try
        {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (FileLocks.tryLock(channel, 0, Long.MAX_VALUE) == null)
            {
                channel.close();
                forget(key);
                return null;
            }
            return new ExclusiveFileLock(key, channel);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (channel != null)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException closeFailed)
                {
                    ex.addSuppressed(closeFailed);
                }
            }
            forget(key);
            throw ex;
        }
    }

    /**
     * Whether a live process (this one included) holds the lock on {@code file}. Probing another process's file
     * takes its lock and drops it at once when nobody holds it.
     *
     * @param file the lock file.
     * @return true when it is held.
     * @throws IOException if the file exists but cannot be opened or probed.
     */
    public static boolean isHeld(final Path file) throws IOException
    {
        final Path key = file.toAbsolutePath().normalize();
        // under the monitor: an acquisition here between the check and the probe's close would lose its lock
        synchronized (HELD_HERE)
        {
            if (HELD_HERE.contains(key))
            {
                return true;
            }
            if (!Files.exists(key))
            {
                return false;
            }
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.WRITE))
            {
                return !FileLocks.isFree(channel, 0, Long.MAX_VALUE);
            }
            catch (final NoSuchFileException gone)
            {
                return false;
            }
        }
    }

    private static void forget(final Path key)
    {
        synchronized (HELD_HERE)
        {
            HELD_HERE.remove(key);
        }
    }

    /**
     * The lock file.
     *
     * @return its absolute path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Drops the lock. Idempotent.
     *
     * @throws IOException if closing the file fails; the lock is dropped all the same.
     */
    @Override
    public void close() throws IOException
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        try
        {
            channel.close();
        }
        finally
        {
            forget(file);
        }
    }
}
