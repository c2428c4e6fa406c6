package io.rtt.engine.fs;

import java.nio.file.Path;

/**
 * The other process of {@link ExclusiveFileLockTest}: tries the lock on a file, prints {@code acquired} or
 * {@code held}.
 */
public final class LockPeer
{
    private LockPeer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (ExclusiveFileLock lock = ExclusiveFileLock.tryAcquire(Path.of(args[0])))
        {
            System.out.println(lock != null ? "acquired" : "held");
        }
    }
}
