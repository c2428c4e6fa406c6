package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class UdsLaneTest
{
    /** Answers every request with its payload; the frame kinds and ids must come back as sent. */
    private static final FrameHandler ECHO = (buffer, offset, length, replyTo) ->
    {
        final FrameFlyweight frame = new FrameFlyweight().wrap(new UnsafeBuffer(buffer, offset, length), 0);
        replyTo.send(FrameDescriptor.KIND_RESPONSE, frame.routeId(), frame.correlationId(), frame.deadlineNs(),
            buffer, offset + FrameDescriptor.HEADER_LENGTH, length - FrameDescriptor.HEADER_LENGTH);
    };

    @TempDir
    Path dir;

    private final BlockingQueue<String> received = new ArrayBlockingQueue<>(1024);

    private final FrameHandler collect = (buffer, offset, length, replyTo) ->
    {
        final FrameFlyweight frame = new FrameFlyweight().wrap(new UnsafeBuffer(buffer, offset, length), 0);
        received.add(frame.kind() + "/" + frame.routeId() + "/" + frame.correlationId() + "/" +
            buffer.getStringWithoutLengthUtf8(offset + FrameDescriptor.HEADER_LENGTH,
                length - FrameDescriptor.HEADER_LENGTH));
    };

    @Test
    void shouldCarryBatchesOfFramesBothWays() throws Exception
    {
        try (UdsLane lane = UdsLane.serve(dir.resolve("echo.sock"), ECHO);
            UdsConnection client = UdsConnection.connect(lane.path(), collect))
        {
            for (int i = 0; i < 100; i++)
            {
                assertTrue(send(client, FrameDescriptor.KIND_REQUEST, i, "m" + i));
            }
            client.flush();
            for (int i = 0; i < 100; i++)
            {
                assertEquals(FrameDescriptor.KIND_RESPONSE + "/9/" + i + "/m" + i, received.poll(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void shouldCarryAFrameLargerThanABatch() throws Exception
    {
        try (UdsLane lane = UdsLane.serve(dir.resolve("big.sock"), ECHO);
            UdsConnection client = UdsConnection.connect(lane.path(), collect))
        {
            final String big = "x".repeat(3 * UdsConnection.BATCH_BYTES);
            assertTrue(send(client, FrameDescriptor.KIND_REQUEST, 1, big));
            client.flush();
            final String echoed = received.poll(10, TimeUnit.SECONDS);
            assertTrue((FrameDescriptor.KIND_RESPONSE + "/9/1/" + big).equals(echoed),
                () -> "echoed " + (echoed == null ? "nothing" : echoed.length() + " characters"));
        }
    }

    @Test
    void shouldMakeOwnerOnlySocketsAndLeaveNothingBehind() throws Exception
    {
        final Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        final Path socket = dir.resolve("tidy.sock");
        try (UdsLane lane = UdsLane.serve(socket, ECHO);
            UdsConnection client = UdsConnection.connect(socket, collect))
        {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            send(client, FrameDescriptor.KIND_REQUEST, 1, "hi");
            client.flush();
            assertEquals(FrameDescriptor.KIND_RESPONSE + "/9/1/hi", received.poll(10, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(socket));
        final Set<Thread> leaked = new HashSet<>(Thread.getAllStackTraces().keySet());
        leaked.removeAll(threadsBefore);
        for (final Thread thread : leaked)
        {
            // an event loop's termination future completes just before its thread exits
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        leaked.removeIf(t -> !t.isAlive());
        assertEquals(Set.of(), leaked, "threads left after teardown");
    }

    @Test
    void shouldUnlinkAStaleSocketButRefuseALiveOne() throws Exception
    {
        final Path socket = dir.resolve("stale.sock");
        try (SocketChannel dead = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "a socket file nobody listens on");
        try (UdsLane lane = UdsLane.serve(socket, ECHO))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> UdsLane.serve(socket, ECHO));
            assertTrue(ex.getMessage().contains("served by a live process"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAPathOverTheSunPathLimit()
    {
        final Path deep = dir.resolve("d".repeat(120) + ".sock");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> UdsLane.serve(deep, ECHO));
        assertTrue(ex.getMessage().contains("sun_path"), ex.getMessage());
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSentAMalformedFrame() throws Exception
    {
        try (UdsLane lane = UdsLane.serve(dir.resolve("bad.sock"), ECHO);
            UdsConnection good = UdsConnection.connect(lane.path(), collect);
            SocketChannel bad = SocketChannel.open(UnixDomainSocketAddress.of(lane.path())))
        {
            final ByteBuffer garbage = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            garbage.putInt(Integer.MAX_VALUE).put(new byte[60]).flip();
            bad.write(garbage);
            assertEquals(-1, bad.read(ByteBuffer.allocate(16)), "the server hangs up on a bad length");
            send(good, FrameDescriptor.KIND_REQUEST, 2, "still served");
            good.flush();
            assertEquals(FrameDescriptor.KIND_RESPONSE + "/9/2/still served", received.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldKeepAnIdleClientThatSendsHeartbeatsAndDropASilentConnection() throws Exception
    {
        final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        final LaneSpec spec = new LaneSpec("idle", 9, dir, ShmLaneDescriptor.MIN_CAPACITY, LaneSpec.MAX_MESSAGE_BYTES,
            new LaneLimits(8, 300, 100, LaneLimits.SLOW_READER_TIMEOUT_MS_DEFAULT));
        try (UdsLane lane = UdsLane.serve(dir.resolve("idle.sock"), spec, ECHO, errors::add);
            UdsConnection client = UdsConnection.connect(lane.path(), collect, errors::add, 50))
        {
            // connected after the client: once it is dropped for idling, the client has been idle as long
            try (RawUdsPeer silent = RawUdsPeer.connect(lane.path()))
            {
                silent.awaitClosed();
            }
            send(client, FrameDescriptor.KIND_REQUEST, 1, "still here");
            client.flush();
            assertEquals(FrameDescriptor.KIND_RESPONSE + "/9/1/still here", received.poll(10, TimeUnit.SECONDS));
            assertEquals(1, errors.size(), errors.toString());
            assertEquals(LaneFault.IDLE_CONNECTION, ((LaneFaultException)errors.get(0)).fault());
            assertTrue(errors.get(0).getMessage().startsWith("uds connection to route idle sent nothing for "),
                errors.get(0).getMessage());
            assertEquals(null, received.poll(), "heartbeats are the lane's own: the handler never saw one");
        }
    }

    @Test
    void shouldCloseOnlyTheConnectionWhoseFrameMadeTheHandlerThrowAnError() throws Exception
    {
        final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        final FrameHandler dies = (buffer, offset, length, replyTo) ->
        {
            if (buffer.getStringWithoutLengthUtf8(offset + FrameDescriptor.HEADER_LENGTH,
                length - FrameDescriptor.HEADER_LENGTH).equals("die"))
            {
                throw new OutOfMemoryError("injected");
            }
            ECHO.onFrame(buffer, offset, length, replyTo);
        };
        try (UdsLane lane = UdsLane.serve(dir.resolve("dies.sock"), dies, errors::add);
            UdsConnection victim = UdsConnection.connect(lane.path(), collect);
            UdsConnection bystander = UdsConnection.connect(lane.path(), collect))
        {
            final CountDownLatch closed = new CountDownLatch(1);
            victim.onClose(closed::countDown);
            synchronized (victim)
            {
                // a connection is written under its lock, as RouteClient does: it closes itself under the same lock
                send(victim, FrameDescriptor.KIND_REQUEST, 1, "die");
                victim.flush();
            }
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the connection that made the handler fail stays open");

            synchronized (bystander)
            {
                send(bystander, FrameDescriptor.KIND_REQUEST, 2, "fine");
                bystander.flush();
            }
            assertEquals(FrameDescriptor.KIND_RESPONSE + "/9/2/fine", received.poll(10, TimeUnit.SECONDS));
            assertEquals("java.lang.OutOfMemoryError: injected", errors.get(0).toString());
            assertEquals(null, lane.failure(), "the lane serves on");
        }
    }

    @Test
    void shouldReportALaneNobodyServes()
    {
        final LaneClosedException ex = assertThrows(LaneClosedException.class,
            () -> UdsConnection.connect(dir.resolve("none.sock"), collect));
        assertTrue(ex.getMessage().contains("is its route served?"), ex.getMessage());
    }

    private static boolean send(final UdsConnection connection, final byte kind, final long correlationId,
        final String text)
    {
        final DirectBuffer payload = new UnsafeBuffer(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return connection.send(kind, 9, correlationId, 0, payload, 0, payload.capacity());
    }
}
