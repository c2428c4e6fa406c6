package io.rtt.engine.panel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.rtt.engine.Workspace;
import io.rtt.engine.fs.ExclusiveFileLock;

/**
 * One panel per workspace: an OS lock on the workspace's panel lock file, held for the panel's life and dropped when
 * its process dies, however it dies. Anyone may ask whether a panel holds it, from any process.
 */
final class PanelLock implements AutoCloseable
{
    private final ExclusiveFileLock lock;

    private PanelLock(final ExclusiveFileLock lock)
    {
        this.lock = lock;
    }

    /**
     * Takes the workspace's panel lock.
     *
     * @throws IllegalStateException when a panel (in this process or another) already serves the workspace.
     */
    static PanelLock acquire(final Workspace workspace)
    {
        final Path file = file(workspace);
        try
        {
            final ExclusiveFileLock lock = ExclusiveFileLock.tryAcquire(file);
            if (lock == null)
            {
                throw new IllegalStateException("a panel already serves this workspace (" + file + " is locked)");
            }
            return new PanelLock(lock);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock " + file, ex);
        }
    }

    /** Whether a live panel, in this process or another, serves the workspace. */
    static boolean isHeld(final Workspace workspace)
    {
        final Path file = file(workspace);
        try
        {
            return ExclusiveFileLock.isHeld(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    private static Path file(final Workspace workspace)
    {
        return workspace.layout().panelLock();
    }

    /** Drops the lock: the next panel may start. */
    @Override
    public void close()
    {
        try
        {
            lock.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("releasing " + lock.file(), ex);
        }
    }
}
