package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.rtt.engine.model.Lane;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every lane kind must do, through the {@link LaneFactory} seam alone: both ends made by the factory of the
 * kind, real files and sockets, both ends in this JVM. One tiny subclass per kind; what only one kind does (process
 * death, the doorbell, half-written frames) stays in that kind's own tests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractLaneContractTest
{
    static final String ROUTE = "api->catalog";
    static final int ROUTE_ID = 7;
    static final int RING_BYTES = 64 * 1024;
    static final long DEADLINE_NS = 1_700_000_000_000_000_000L;
    static final long WAIT_NS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    /** Frames the serving end received, in order. */
    final BlockingQueue<Frame> atServer = new LinkedBlockingQueue<>();
    /** Frames the client received, in order. */
    final BlockingQueue<Frame> atClient = new LinkedBlockingQueue<>();
    final List<Throwable> serverErrors = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> clientErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** The lane kind under test. */
    abstract Lane kind();

    /** A frame as it crossed the lane. */
    record Frame(byte kind, int routeId, long correlationId, long deadlineNs, byte[] payload)
    {
        static Frame read(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] payload = new byte[length - FrameDescriptor.HEADER_LENGTH];
            buffer.getBytes(offset + FrameDescriptor.HEADER_LENGTH, payload);
            return new Frame(buffer.getByte(offset + FrameDescriptor.KIND_OFFSET),
                buffer.getInt(offset + FrameDescriptor.ROUTE_ID_OFFSET, FrameDescriptor.BYTE_ORDER),
                buffer.getLong(offset + FrameDescriptor.CORRELATION_ID_OFFSET, FrameDescriptor.BYTE_ORDER),
                buffer.getLong(offset + FrameDescriptor.DEADLINE_OFFSET, FrameDescriptor.BYTE_ORDER), payload);
        }

        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Answers each request with its own payload, or with an error frame when the payload is {@code fail}. */
    final FrameHandler echo = (buffer, offset, length, replyTo) ->
    {
        final Frame request = Frame.read(buffer, offset, length);
        atServer.add(request);
        if ("fail".equals(request.text()))
        {
            answer(replyTo, FrameDescriptor.KIND_ERROR, request, "refused: fail".getBytes(StandardCharsets.UTF_8));
        }
        else
        {
            answer(replyTo, FrameDescriptor.KIND_RESPONSE, request, request.payload());
        }
    };

    @AfterEach
    void closeWhatIsOpen() throws Exception
    {
        Collections.reverse(opened);
        for (final AutoCloseable closeable : opened)
        {
            closeable.close();
        }
    }

    @Test
    void shouldCarryARequestAndItsResponseWithEveryHeaderField() throws Exception
    {
        final LaneServer server = serve(echo);
        assertEquals(new LaneAddress(ROUTE, ROUTE_ID, kind(), server.address().path()), server.address());
        final LaneClient client = connect(server);

        assertTrue(send(client, FrameDescriptor.KIND_REQUEST, 1, "ping"));
        client.flush();

        final Frame request = take(atServer);
        assertEquals("1/7/1/" + DEADLINE_NS + "/ping", describe(request));
        assertEquals("2/7/1/" + DEADLINE_NS + "/ping", describe(take(atClient)));
        assertEquals(List.of(), serverErrors);
        assertEquals(List.of(), clientErrors);
    }

    @Test
    void shouldPairEachResponseWithItsRequestByCorrelationId() throws Exception
    {
        final Deque<Frame> held = new ArrayDeque<>();
        // holds ten requests, then answers them last first: only the correlation id says which is which
        final LaneServer server = serve((buffer, offset, length, replyTo) ->
        {
            held.push(Frame.read(buffer, offset, length));
            if (held.size() == 10)
            {
                while (!held.isEmpty())
                {
                    final Frame request = held.pop();
                    answer(replyTo, FrameDescriptor.KIND_RESPONSE, request, ("re " + request.text())
                        .getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        final LaneClient client = connect(server);
        for (long id = 10; id >= 1; id--)
        {
            assertTrue(send(client, FrameDescriptor.KIND_REQUEST, id, "m" + id));
        }
        client.flush();

        final List<Long> answered = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            final Frame response = take(atClient);
            assertEquals(FrameDescriptor.KIND_RESPONSE, response.kind());
            assertEquals("re m" + response.correlationId(), response.text());
            answered.add(response.correlationId());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), answered, "answered in another order");
    }

    @Test
    void shouldRefuseAFrameLargerThanTheLaneCarriesAndSendNothingOfIt() throws Exception
    {
        final LaneServer server = serve(echo);
        final LaneClient client = connect(server);
        final int max = client.maxPayloadLength();
        assertTrue(max > 0, "max payload " + max);

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> client.send(FrameDescriptor.KIND_REQUEST, ROUTE_ID, 1, 0, new UnsafeBuffer(new byte[max + 1]), 0,
                max + 1));
        assertTrue(refused.getMessage().contains(Integer.toString(max + 1 + FrameDescriptor.HEADER_LENGTH)),
            refused.getMessage());

        final byte[] largest = new byte[max];
        largest[0] = 1;
        largest[max - 1] = 2;
        while (!client.send(FrameDescriptor.KIND_REQUEST, ROUTE_ID, 2, 0, new UnsafeBuffer(largest), 0, max))
        {
            Thread.yield();
        }
        client.flush();
        assertEquals(2, take(atServer).correlationId(), "the refused frame never left");
        assertArrayEquals(largest, take(atClient).payload(), "the largest payload crosses both ways");
    }

    @Test
    void shouldCarryManyMessagesInOrder() throws Exception
    {
        final int count = 20_000;
        final LaneServer server = serve(echo);
        final LaneClient client = connect(server);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[Long.BYTES]);
        for (long id = 1; id <= count; id++)
        {
            payload.putLong(0, id);
            while (!client.send(FrameDescriptor.KIND_REQUEST, ROUTE_ID, id, 0, payload, 0, Long.BYTES))
            {
                Thread.yield();
            }
        }
        client.flush();

        for (long id = 1; id <= count; id++)
        {
            final Frame response = take(atClient);
            assertEquals(id, response.correlationId());
            assertEquals(id, new UnsafeBuffer(response.payload()).getLong(0));
        }
        assertEquals(count, atServer.size());
    }

    @Test
    void shouldAnswerWithAnErrorFrame() throws Exception
    {
        final LaneServer server = serve(echo);
        final LaneClient client = connect(server);

        assertTrue(send(client, FrameDescriptor.KIND_REQUEST, 3, "fail"));
        client.flush();

        final Frame error = take(atClient);
        assertEquals(FrameDescriptor.KIND_ERROR, error.kind());
        assertEquals(3, error.correlationId());
        assertEquals("refused: fail", error.text());
    }

    @Test
    void shouldRefuseSendsOnAClosedClientAndRunItsCloseActions() throws Exception
    {
        final LaneServer server = serve(echo);
        final LaneClient client = connect(server);
        final CountDownLatch before = new CountDownLatch(1);
        client.onClose(before::countDown);

        client.close();
        client.close();

        assertEquals(0, before.getCount(), "an action registered before the close ran");
        final CountDownLatch after = new CountDownLatch(1);
        client.onClose(after::countDown);
        assertEquals(0, after.getCount(), "an action registered after the close runs at once");
        assertThrows(LaneClosedException.class, () -> send(client, FrameDescriptor.KIND_REQUEST, 1, "late"));
    }

    @Test
    void shouldLetAHandlerCloseItsOwnClient() throws Exception
    {
        final LaneServer server = serve(echo);
        final AtomicReference<LaneClient> self = new AtomicReference<>();
        // as a request's future completing on the lane's thread runs its caller's close
        final LaneClient client = opened(factory().connect(server.address(), (buffer, offset, length, replyTo) ->
        {
            atClient.add(Frame.read(buffer, offset, length));
            self.get().close();
        }, clientErrors::add));
        self.set(client);
        final CountDownLatch closed = new CountDownLatch(1);
        client.onClose(closed::countDown);

        assertTrue(send(client, FrameDescriptor.KIND_REQUEST, 1, "ping"));
        client.flush();

        assertEquals("ping", take(atClient).text());
        assertTrue(closed.await(WAIT_NS, TimeUnit.NANOSECONDS), "the close from the handler never finished");
        assertThrows(LaneClosedException.class, () -> send(client, FrameDescriptor.KIND_REQUEST, 2, "late"));
        assertEquals(List.of(), clientErrors);
    }

    @Test
    void shouldLetTheClientSeeTheServingEndClose() throws Exception
    {
        final AtomicReference<FrameSender> answeringEnd = new AtomicReference<>();
        final LaneServer server = serve((buffer, offset, length, replyTo) ->
        {
            answeringEnd.set(replyTo);
            echo.onFrame(buffer, offset, length, replyTo);
        });
        final LaneClient client = connect(server);
        final CountDownLatch closed = new CountDownLatch(1);
        client.onClose(closed::countDown);
        assertTrue(send(client, FrameDescriptor.KIND_REQUEST, 1, "ping"));
        client.flush();
        take(atClient);

        server.close();

        assertTrue(closed.await(WAIT_NS, TimeUnit.NANOSECONDS), "the client never saw its serving end close");
        assertThrows(LaneClosedException.class, () -> send(client, FrameDescriptor.KIND_REQUEST, 2, "late"));
        assertThrows(LaneClosedException.class, () -> answeringEnd.get().send(FrameDescriptor.KIND_RESPONSE,
            ROUTE_ID, 2, 0, new UnsafeBuffer(new byte[1]), 0, 1), "the serving end's own answers are refused too");
    }

    @Test
    void shouldServeANewClientAfterTheFirstLeaves() throws Exception
    {
        final LaneServer server = serve(echo);
        try (LaneClient first = connect(server))
        {
            assertTrue(send(first, FrameDescriptor.KIND_REQUEST, 1, "first"));
            first.flush();
            assertEquals("first", take(atClient).text());
        }
        final LaneClient second = connect(server);
        assertTrue(send(second, FrameDescriptor.KIND_REQUEST, 2, "second"));
        second.flush();
        assertEquals("second", take(atClient).text());
    }

    @Test
    void shouldLeaveNoFileNorThreadBehind() throws Exception
    {
        final Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (LaneServer server = factory().serve(spec(), echo, serverErrors::add);
            LaneClient client = factory().connect(server.address(), recordAtClient(), clientErrors::add))
        {
            assertTrue(send(client, FrameDescriptor.KIND_REQUEST, 1, "ping"));
            client.flush();
            take(atClient);
        }
        try (Stream<Path> left = Files.list(dir))
        {
            assertEquals(List.of(), left.toList());
        }
        awaitTrue(() ->
        {
            final Set<Thread> leaked = new HashSet<>(Thread.getAllStackTraces().keySet());
            leaked.removeAll(before);
            leaked.removeIf(t -> !t.isAlive());
            return leaked.isEmpty();
        }, "threads left after both ends closed");
    }

    LaneFactory factory()
    {
        final LaneFactory factory = LaneFactory.of(kind());
        assertEquals(kind(), factory.kind());
        return factory;
    }

    LaneSpec spec()
    {
        return new LaneSpec(ROUTE, ROUTE_ID, dir, RING_BYTES);
    }

    LaneServer serve(final FrameHandler handler)
    {
        return opened(factory().serve(spec(), handler, serverErrors::add));
    }

    LaneClient connect(final LaneServer server)
    {
        return opened(factory().connect(server.address(), recordAtClient(), clientErrors::add));
    }

    private FrameHandler recordAtClient()
    {
        return (buffer, offset, length, replyTo) -> atClient.add(Frame.read(buffer, offset, length));
    }

    private <T extends AutoCloseable> T opened(final T closeable)
    {
        opened.add(closeable);
        return closeable;
    }

    static boolean send(final FrameSender end, final byte kind, final long correlationId, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return end.send(kind, ROUTE_ID, correlationId, DEADLINE_NS, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /** Answers under the answering end's lock, as every answering thread must; waits while the lane is full. */
    static void answer(final FrameSender replyTo, final byte kind, final Frame request, final byte[] payload)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(payload);
        synchronized (replyTo)
        {
            while (!replyTo.send(kind, request.routeId(), request.correlationId(), request.deadlineNs(), buffer, 0,
                payload.length))
            {
                Thread.yield();
            }
        }
    }

    static String describe(final Frame frame)
    {
        return frame.kind() + "/" + frame.routeId() + "/" + frame.correlationId() + "/" + frame.deadlineNs() + "/" +
            frame.text();
    }

    static Frame take(final BlockingQueue<Frame> frames) throws InterruptedException
    {
        final Frame frame = frames.poll(WAIT_NS, TimeUnit.NANOSECONDS);
        assertTrue(frame != null, "no frame arrived");
        return frame;
    }

    static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        final long giveUpAt = System.nanoTime() + WAIT_NS;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - giveUpAt < 0, what);
            Thread.yield();
        }
    }
}
