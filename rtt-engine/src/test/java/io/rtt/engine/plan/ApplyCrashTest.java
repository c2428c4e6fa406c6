package io.rtt.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.rtt.engine.Workspace;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.wal.Wal;
import io.rtt.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the applying process with SIGKILL at random points, again and again: afterwards the chain verifies, the
 * head is the last complete frame, its graph object is there, and applies go on.
 */
class ApplyCrashTest
{
    /** How many kills; the issue asks for at least 200. */
    private static final int KILLS = Integer.getInteger("rtt.crash.kills", 200);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void shouldKeepTheChainWholeAcrossKillNine() throws Exception
    {
        final Workspace workspace = Workspace.open(dir);
        Keyring.of(workspace).init("ci");
        final Random random = new Random(2026);
        final Path wal = workspace.layout().walDir();
        long frames = 0;
        int truncations = 0;
        for (int kill = 0; kill < KILLS; kill++)
        {
            final Process child = ChildJvm.start(ApplyLoop.class, dir.toString());
            final AtomicLong reported = new AtomicLong(frames);
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
                {
                    String line;
                    while ((line = lines.readLine()) != null)
                    {
                        reported.set(Long.parseLong(line.substring("committed ".length())));
                    }
                }
                catch (final Exception ex)
                {
                    // the pipe breaks when the child is killed
                }
            });
            reader.start();
            // Kill at a random point: one time in ten during start-up, else after the first commit of this child,
            // a random few milliseconds into the applies that follow.
            final boolean early = random.nextInt(10) == 0;
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(early ? random.nextInt(400) : 10_000);
            while (System.nanoTime() < deadline && (early || reported.get() < frames + 1))
            {
                Thread.onSpinWait();
            }
            Thread.sleep(early ? 0 : random.nextInt(40));
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);

            try (Wal log = Wal.open(wal))
            {
                truncations += log.warnings().size();
                final long now = log.frames().size();
                assertTrue(now >= reported.get() && now <= reported.get() + 1,
                    "kill " + kill + ": " + now + " frames, child reported " + reported.get());
                assertTrue(now >= frames, "kill " + kill + ": committed frames were lost");
                frames = now;
            }
            assertEquals(frames == 0 ? io.rtt.engine.model.Graph.EMPTY.digest() :
                    lastGraph(wal), new Applier(workspace, Clock.systemUTC()).head().digest(),
                "kill " + kill + ": the head's graph object is stored");
        }
        assertTrue(frames > KILLS / 2, "applies made progress: " + frames + " frames after " + KILLS + " kills (" +
            truncations + " torn tails truncated)");
    }

    private static String lastGraph(final Path wal)
    {
        try (Wal log = Wal.open(wal))
        {
            return log.frames().get(log.frames().size() - 1).record().graph();
        }
    }
}
