package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.model.Lane;
import io.rtt.testsupport.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11: random bytes written over a shm lane's request ring must not wedge its serving end, during its life or
 * after it restarts on the damaged file. What a consumer reads is checked; a damaged lane is reset and a new client is
 * served. The bytes are written through a client's own mapping, as any process that can write the file could.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShmLaneDamageTest
{
    private static final int ROUTE_ID = 7;
    private static final int RING_BYTES = 64 * 1024;
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    private final List<Throwable> serverErrors = Collections.synchronizedList(new ArrayList<>());

    /** Echoes each request. */
    private final FrameHandler echo = (buffer, offset, length, replyTo) ->
    {
        synchronized (replyTo)
        {
            replyTo.send(FrameDescriptor.KIND_RESPONSE, ROUTE_ID,
                buffer.getLong(offset + FrameDescriptor.CORRELATION_ID_OFFSET, FrameDescriptor.BYTE_ORDER), 0,
                buffer, offset + FrameDescriptor.HEADER_LENGTH, length - FrameDescriptor.HEADER_LENGTH);
        }
    };

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldNotWedgeOnARequestRingOverwrittenWithRandomBytes(final long seed) throws Exception
    {
        try (LaneServer server = LaneFactory.of(Lane.SHM).serve(spec(), echo, serverErrors::add))
        {
            try (ShmLane vandal = ShmLane.attach(dir, "r" + ROUTE_ID))
            {
                assertEquals("ping", call(vandal, 1, "ping"));
                scribble(vandal.buffer(), new Random(seed));
                vandal.send(FrameDescriptor.KIND_REQUEST, ROUTE_ID, 2, 0, new UnsafeBuffer(new byte[8]), 0, 8);
            }
            assertEquals("after", callFreshClient(3, "after"));
            assertDamageReported();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldNotWedgeOnADamagedLaneFileLeftByADeadServer(final long seed) throws Exception
    {
        final Path file = dir.resolve("r" + ROUTE_ID + ShmLaneFile.SUFFIX);
        final byte[] damaged;
        // raw ends, neither consuming: the damage is on disk as written, as a server killed with -9 leaves it
        try (ShmLane dead = ShmLane.serve(dir, "r" + ROUTE_ID, ROUTE_ID, RING_BYTES);
            ShmLane vandal = ShmLane.attach(dir, "r" + ROUTE_ID))
        {
            vandal.send(FrameDescriptor.KIND_REQUEST, ROUTE_ID, 1, 0, new UnsafeBuffer(new byte[8]), 0, 8);
            scribble(vandal.buffer(), new Random(seed));
            damaged = Files.readAllBytes(file);
        }
        Files.write(file, damaged);
        try (LaneServer server = LaneFactory.of(Lane.SHM).serve(spec(), echo, serverErrors::add))
        {
            assertEquals("after", callFreshClient(3, "after"));
            assertDamageReported();
            final String replaced = serverErrors.get(0).getMessage();
            assertTrue(replaced.startsWith("lane file " + file + " was damaged (request ring: "), replaced);
        }
    }

    @Test
    void shouldResetALaneWhoseClaimStaysOpenWhileItsProducerLives() throws Exception
    {
        try (LaneServer server = LaneFactory.of(Lane.SHM).serve(spec(), echo, serverErrors::add))
        {
            try (ShmLane stuck = ShmLane.attach(dir, "r" + ROUTE_ID))
            {
                // a record header that says "being written", as a live producer's claim does, and nobody commits it
                assertTrue(stuck.tryClaim(64) >= 0);
                final long giveUpAt = System.nanoTime() + WAIT_NS;
                while (!stuck.peerLeftDamaged())
                {
                    assertTrue(System.nanoTime() - giveUpAt < 0, "the server waited on the claim: " + serverErrors);
                    Thread.yield();
                }
            }
            assertDamageReported();
            assertTrue(serverErrors.get(0).getMessage().contains("stayed uncommitted for "),
                serverErrors.get(0).getMessage());
            assertEquals("after", callFreshClient(3, "after"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"requests", "responses"})
    void shouldTellItsClientToConnectAgainWhenItResetsALaneWhoseRingWasOverwritten(final String ring)
        throws Exception
    {
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        final FrameHandler collect = (buffer, offset, length, replyTo) -> answers.add(
            buffer.getStringWithoutLengthUtf8(offset + FrameDescriptor.HEADER_LENGTH,
                length - FrameDescriptor.HEADER_LENGTH));
        final List<Throwable> clientErrors = Collections.synchronizedList(new ArrayList<>());
        try (LaneServer server = LaneFactory.of(Lane.SHM).serve(spec(), echo, serverErrors::add))
        {
            final LaneClient client = LaneFactory.of(Lane.SHM).connect(server.address(), collect, clientErrors::add);
            final CountDownLatch closed = new CountDownLatch(1);
            client.onClose(closed::countDown);
            send(client, 1, "before");
            assertEquals("before", answers.poll(20, TimeUnit.SECONDS));

            final Process vandal = ChildJvm.start(ShmLaneVandal.class,
                dir.resolve("r" + ROUTE_ID + ShmLaneFile.SUFFIX).toString(), ring, "11");
            assertEquals(0, vandal.waitFor());

            assertTrue(closed.await(20, TimeUnit.SECONDS), "the client was never told");
            final LaneClosedException refused = assertThrows(LaneClosedException.class, () -> send(client, 3, "late"));
            assertTrue(refused.getMessage().startsWith("shm lane " + server.address().path() + " of route a->b was " +
                "reset ("), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("): connect again"), refused.getMessage());
            client.close();
            assertDamageReported();

            try (LaneClient again = connectAgain(server.address(), collect))
            {
                send(again, 4, "again");
                assertEquals("again", answers.poll(20, TimeUnit.SECONDS));
            }
        }
    }

    private static void send(final LaneClient client, final long correlationId, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        synchronized (client)
        {
            assertTrue(client.send(FrameDescriptor.KIND_REQUEST, ROUTE_ID, correlationId, 0, new UnsafeBuffer(bytes),
                0, bytes.length));
        }
    }

    /** Connects, retrying while the lane is being reset. */
    private static LaneClient connectAgain(final LaneAddress address, final FrameHandler handler)
    {
        final long giveUpAt = System.nanoTime() + WAIT_NS;
        while (true)
        {
            try
            {
                return LaneFactory.of(Lane.SHM).connect(address, handler, new CountingErrorHandler("test client"));
            }
            catch (final IllegalArgumentException | IllegalStateException resetting)
            {
                assertTrue(System.nanoTime() - giveUpAt < 0, "never connected again: " + resetting);
                Thread.yield();
            }
        }
    }

    /** The serving end reported the damage: at once, or once it saw its client leave over it. */
    private void assertDamageReported()
    {
        final long giveUpAt = System.nanoTime() + WAIT_NS;
        while (serverErrors.stream().noneMatch(e -> e instanceof LaneFaultException fault &&
            fault.fault() == LaneFault.DAMAGED_RING))
        {
            assertTrue(System.nanoTime() - giveUpAt < 0, "no damage reported: " + serverErrors);
            Thread.yield();
        }
    }

    private LaneSpec spec()
    {
        return new LaneSpec("a->b", ROUTE_ID, dir, RING_BYTES);
    }

    /** Fills the request ring, trailer and all, with random bytes. */
    private static void scribble(final UnsafeBuffer requestRing, final Random random)
    {
        final byte[] garbage = new byte[requestRing.capacity()];
        random.nextBytes(garbage);
        requestRing.putBytes(0, garbage);
    }

    /** Connects a new client, retrying while the lane is being reset, and makes one call. */
    private String callFreshClient(final long correlationId, final String text) throws InterruptedException
    {
        final long giveUpAt = System.nanoTime() + WAIT_NS;
        while (true)
        {
            try (ShmLane client = ShmLane.attach(dir, "r" + ROUTE_ID))
            {
                final String answer = call(client, correlationId, text);
                if (answer != null)
                {
                    return answer;
                }
            }
            catch (final IllegalArgumentException | IllegalStateException | LaneClosedException resetting)
            {
                // the file is being replaced
            }
            assertTrue(System.nanoTime() - giveUpAt < 0, "no fresh client was answered; the server reported " +
                serverErrors);
            Thread.yield();
        }
    }

    /** One request and its answer, or null if the lane closed or was reset first. */
    private static String call(final ShmLane client, final long correlationId, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!client.send(FrameDescriptor.KIND_REQUEST, ROUTE_ID, correlationId, 0, new UnsafeBuffer(bytes), 0,
            bytes.length))
        {
            if (System.nanoTime() - giveUpAt > 0)
            {
                return null;
            }
            Thread.yield();
        }
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        while (answers.isEmpty())
        {
            client.poll((type, buffer, offset, length) ->
            {
                if (buffer.getLong(offset + FrameDescriptor.CORRELATION_ID_OFFSET, FrameDescriptor.BYTE_ORDER) ==
                    correlationId)
                {
                    answers.add(buffer.getStringWithoutLengthUtf8(offset + FrameDescriptor.HEADER_LENGTH,
                        length - FrameDescriptor.HEADER_LENGTH));
                }
            }, 16);
            if (System.nanoTime() - giveUpAt > 0 || client.peerClosed())
            {
                return null;
            }
            Thread.yield();
        }
        return answers.poll();
    }
}
