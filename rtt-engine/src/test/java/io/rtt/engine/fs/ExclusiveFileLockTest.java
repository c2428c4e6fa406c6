package io.rtt.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.rtt.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lock between processes, with another JVM as the other process. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExclusiveFileLockTest
{
    @TempDir
    Path dir;

    @Test
    void shouldHoldAgainstThisProcessAndOthersAndSurviveProbesUntilClosed() throws Exception
    {
        final Path file = dir.resolve("state").resolve("panel.lock");
        try (ExclusiveFileLock lock = ExclusiveFileLock.tryAcquire(file))
        {
            assertNotNull(lock);
            assertNull(ExclusiveFileLock.tryAcquire(file), "a second holder in this process");
            assertNull(ExclusiveFileLock.tryAcquire(dir.resolve("state/../state/panel.lock")),
                "the file by another path");
            assertTrue(ExclusiveFileLock.isHeld(file));
            // the refusals and the probe above opened nothing: closing a second descriptor would have dropped the lock
            assertEquals("held", peer(file), "another process is refused");
        }
        assertFalse(ExclusiveFileLock.isHeld(file));
        assertEquals("acquired", peer(file));
        try (ExclusiveFileLock again = ExclusiveFileLock.tryAcquire(file))
        {
            assertNotNull(again, "the peer's lock died with it");
        }
    }

    @Test
    void shouldSayNothingHoldsALockFileThatDoesNotExist() throws Exception
    {
        assertFalse(ExclusiveFileLock.isHeld(dir.resolve("none.lock")));
    }

    /** What another process gets when it tries the lock. */
    private static String peer(final Path file) throws IOException, InterruptedException
    {
        final Process process = ChildJvm.start(LockPeer.class, file.toString());
        final String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, process.waitFor());
        return answer;
    }
}
