package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.rtt.engine.model.Lane;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One JVM, both ends: the lane's contract apart from process death (see {@link ShmLaneProcessTest}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShmLaneTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCarryRequestsAndResponsesWrittenInPlace()
    {
        try (ShmLane server = ShmLane.serve(dir, "orders", 7, 64 * 1024);
            ShmLane client = ShmLane.attach(dir, "orders"))
        {
            assertEquals(7, client.routeId());
            final int index = client.tryClaim(Long.BYTES);
            client.buffer().putLong(index, 42L);
            client.commit(index);

            final List<Long> requests = new ArrayList<>();
            while (requests.isEmpty())
            {
                server.receive((type, buffer, offset, length) -> requests.add(buffer.getLong(offset)), 16);
            }
            assertEquals(List.of(42L), requests);

            final UnsafeBuffer reply = new UnsafeBuffer(new byte[Long.BYTES]);
            reply.putLong(0, 43L);
            assertTrue(server.offer(reply, 0, Long.BYTES));
            final List<Long> responses = new ArrayList<>();
            while (responses.isEmpty())
            {
                client.receive((type, buffer, offset, length) -> responses.add(buffer.getLong(offset)), 16);
            }
            assertEquals(List.of(43L), responses);
        }
    }

    @Test
    void shouldSkipAnAbortedClaimAndBoundMessagesToAnEighthOfTheRing()
    {
        try (ShmLane server = ShmLane.serve(dir, "abort", 1, 4096);
            ShmLane client = ShmLane.attach(dir, "abort"))
        {
            assertEquals(4096 / 8, client.maxMessageLength());
            assertThrows(IllegalArgumentException.class, () -> client.tryClaim(4096 / 8 + 1));
            final int aborted = client.tryClaim(Long.BYTES);
            client.buffer().putLong(aborted, 1L);
            client.abort(aborted);
            final int kept = client.tryClaim(Long.BYTES);
            client.buffer().putLong(kept, 2L);
            client.commit(kept);

            final List<Long> requests = new ArrayList<>();
            while (requests.isEmpty())
            {
                server.receive((type, buffer, offset, length) -> requests.add(buffer.getLong(offset)), 16);
            }
            assertEquals(List.of(2L), requests);
        }
    }

    @Test
    void shouldWakeAParkedConsumerThroughItsDoorbell() throws Exception
    {
        try (ShmLane server = ShmLane.serve(dir, "bell", 1, 4096);
            ShmLane client = ShmLane.attach(dir, "bell"))
        {
            final AtomicLong received = new AtomicLong();
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread consumer = new Thread(() ->
            {
                while (running.get())
                {
                    server.receive((type, buffer, offset, length) -> received.set(buffer.getLong(offset)), 1);
                }
            });
            consumer.start();
            final UnsafeBuffer message = new UnsafeBuffer(new byte[Long.BYTES]);
            for (long sent = 1; sent <= 3; sent++)
            {
                while (!client.peerParked())
                {
                    Thread.sleep(1);
                }
                message.putLong(0, sent);
                assertTrue(client.offer(message, 0, Long.BYTES));
                while (received.get() != sent)
                {
                    Thread.onSpinWait();
                }
            }
            running.set(false);
            consumer.join();
            assertEquals(3, client.doorbellRings(), "each send to a parked consumer rings once");
        }
    }

    @Test
    void shouldReportAFullRingAndDeliverEverythingInOrderOnceDrained()
    {
        try (ShmLane server = ShmLane.serve(dir, "full", 1, 4096);
            ShmLane client = ShmLane.attach(dir, "full"))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[32]);
            long sent = 0;
            while (true)
            {
                message.putLong(0, sent);
                if (!client.offer(message, 0, 32))
                {
                    break;
                }
                sent++;
            }
            assertEquals(RingBuffer.INSUFFICIENT_CAPACITY, client.tryClaim(32));
            final long[] next = {0};
            while (server.poll((type, buffer, offset, length) -> assertEquals(next[0]++, buffer.getLong(offset)), 1000) > 0)
            {
                // drain
            }
            assertEquals(sent, next[0]);
        }
    }

    @Test
    void shouldLeaveNoFilesNorThreadsAndMakeOwnerOnlyFiles() throws Exception
    {
        final Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ShmLane server = ShmLane.serve(dir, "tidy", 1, 4096);
            ShmLane client = ShmLane.attach(dir, "tidy"))
        {
            try (Stream<Path> files = Files.list(dir))
            {
                for (final Path file : files.toList())
                {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
                }
            }
            client.offer(new UnsafeBuffer(new byte[8]), 0, 8);
            for (int i = 0; i < 1000; i++)
            {
                server.receive((type, buffer, offset, length) -> {}, 1);
            }
        }
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(), files.toList());
        }
        final Set<Thread> threadsAfter = new HashSet<>(Thread.getAllStackTraces().keySet());
        threadsAfter.removeAll(threadsBefore);
        assertEquals(Set.of(), threadsAfter, "a lane starts no threads");
    }

    @Test
    void shouldRefuseASecondLiveServerAndClient()
    {
        try (ShmLane server = ShmLane.serve(dir, "one", 1, 4096);
            ShmLane client = ShmLane.attach(dir, "one"))
        {
            assertTrue(assertThrows(IllegalStateException.class, () -> ShmLane.serve(dir, "one", 1, 4096))
                .getMessage().contains("served by a live process"));
            assertTrue(assertThrows(IllegalStateException.class, () -> ShmLane.attach(dir, "one"))
                .getMessage().contains("has a live client"));
        }
    }

    @Test
    void shouldExplainWhatIsWrongWithAnAttachTarget() throws Exception
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShmLane.attach(dir, "missing"))
            .getMessage().contains("no shm lane at"));
        Files.write(dir.resolve("junk.lane"), new byte[8192]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShmLane.attach(dir, "junk"))
            .getMessage().contains("bad magic"));
        assertThrows(IllegalArgumentException.class, () -> ShmLane.attach(dir, "../escape"));
        assertThrows(IllegalArgumentException.class, () -> ShmLane.serve(dir, "odd", 1, 5000));
        final Path deep = dir.resolve("d".repeat(120));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShmLane.serve(deep, "x", 1, 4096))
            .getMessage().contains("sun_path"));
    }

    @Test
    void shouldReleaseTheLaneWhenItsDoorbellCannotBeBound() throws Exception
    {
        final Path obstacle = Files.createDirectories(dir.resolve("blocked.s").resolve("inside"));
        assertThrows(UncheckedIOException.class, () -> ShmLane.serve(dir, "blocked", 1, 4096));
        Files.delete(obstacle);
        Files.delete(obstacle.getParent());
        try (ShmLane server = ShmLane.serve(dir, "blocked", 1, 4096))
        {
            assertEquals(1, server.routeId());
        }
    }

    @Test
    void shouldSkipAndReportARecordThatIsNotAFrameAndServeTheNext() throws Exception
    {
        final BlockingQueue<Long> served = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        try (LaneServer server = LaneFactory.of(Lane.SHM).serve(new LaneSpec("a->b", 7, dir, 4096),
                (buffer, offset, length, replyTo) -> served.add(
                    buffer.getLong(offset + FrameDescriptor.CORRELATION_ID_OFFSET, FrameDescriptor.BYTE_ORDER)),
                errors::add);
            ShmLane client = ShmLane.attach(dir, "r7"))
        {
            assertTrue(client.offer(new UnsafeBuffer(new byte[FrameDescriptor.HEADER_LENGTH]), 0,
                FrameDescriptor.HEADER_LENGTH), "a record of zeros: version 0");
            assertTrue(client.send(FrameDescriptor.KIND_EVENT, 7, 42, 0, new UnsafeBuffer(new byte[1]), 0, 1));

            assertEquals(42L, served.poll(10, TimeUnit.SECONDS));
            final Throwable error = errors.poll(10, TimeUnit.SECONDS);
            assertTrue(error instanceof IllegalArgumentException, String.valueOf(error));
            assertEquals("unsupported frame version: 0", error.getMessage());
        }
    }

    @Test
    void shouldReportAnIntakeThatDiedOfAnErrorAndCloseItsLane() throws Exception
    {
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        final FrameHandler dies = (buffer, offset, length, replyTo) ->
        {
            throw new OutOfMemoryError("injected");
        };
        final BlockingQueue<Throwable> clientErrors = new LinkedBlockingQueue<>();
        try (LaneServer server = LaneFactory.of(Lane.SHM).serve(new LaneSpec("a->b", 7, dir, 4096), dies, errors::add);
            LaneClient client = LaneFactory.of(Lane.SHM).connect(server.address(),
                (buffer, offset, length, replyTo) -> clientErrors.add(new AssertionError("answered")), clientErrors::add))
        {
            final CountDownLatch closed = new CountDownLatch(1);
            client.onClose(closed::countDown);
            synchronized (client)
            {
                assertTrue(client.send(FrameDescriptor.KIND_REQUEST, 7, 1, 0, new UnsafeBuffer(new byte[1]), 0, 1));
            }

            assertEquals("java.lang.OutOfMemoryError: injected", String.valueOf(errors.poll(10, TimeUnit.SECONDS)));
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the client never saw the lane close");
            final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.failure() == null)
            {
                assertTrue(System.nanoTime() - giveUpAt < 0, "the lane never said it failed");
                Thread.yield();
            }
            assertEquals("the intake thread of shm lane " + dir.resolve("r7") + " died: java.lang.OutOfMemoryError: " +
                "injected", server.failure());
            assertTrue(Files.notExists(dir.resolve("r7.lane")), "the dead intake closed its lane");
        }
    }

    @Test
    void shouldReplaceALaneFileThatDoesNotMatchTheRoute() throws Exception
    {
        try (ShmLane first = ShmLane.serve(dir, "swap", 1, 4096))
        {
            first.routeId();
        }
        Files.write(dir.resolve("swap.lane"), new byte[100]);
        try (ShmLane server = ShmLane.serve(dir, "swap", 9, 8192))
        {
            assertEquals(9, server.routeId());
            assertEquals(ShmLaneDescriptor.fileLength(8192), Files.size(dir.resolve("swap.lane")));
        }
    }
}
