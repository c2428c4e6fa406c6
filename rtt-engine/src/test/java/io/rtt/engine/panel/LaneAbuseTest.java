package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.rtt.engine.Engine;
import io.rtt.engine.fabric.FrameDescriptor;
import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.LaneDirectory;
import io.rtt.engine.fabric.LaneLimits;
import io.rtt.engine.fabric.RawUdsPeer;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "every resource bounded; no request can wedge a route": the abuses of a uds lane it lists, against a real
 * panel serving the bundled example, each with a well-formed client answered afterwards.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LaneAbuseTest
{
    private static final String ROUTE = "api->catalog";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private Engine committed() throws IOException
    {
        return CommittedShop.commit(dir, "routes:\n  \"api->catalog\": { lane: uds }\n");
    }

    @Test
    void shouldRefuseAFrameHeaderOverTheRoutesLimitWithAnErrorFrameAndHoldNoBufferForIt() throws Exception
    {
        final Engine engine = committed();
        try (Panel panel = Panel.start(new Panel.Context().engine(engine)))
        {
            final LaneAddress lane = LaneDirectory.of(engine.workspace()).find(ROUTE);
            final long before = usedDirectMemory();
            final List<RawUdsPeer> peers = new ArrayList<>();
            try
            {
                // a header claiming the protocol's largest frame, and one byte of it
                for (int i = 0; i < 10; i++)
                {
                    final RawUdsPeer peer = RawUdsPeer.connect(Path.of(lane.path()));
                    peers.add(peer);
                    peer.write(RawUdsPeer.frame(FrameDescriptor.MAX_FRAME_LENGTH, FrameDescriptor.KIND_REQUEST,
                        lane.routeId(), 100 + i, new byte[1]));
                }
                for (int i = 0; i < 10; i++)
                {
                    final RawUdsPeer.Frame refusal = peers.get(i).readFrame();
                    assertTrue(refusal != null, "the lane hung up without saying why");
                    assertEquals(FrameDescriptor.KIND_ERROR, refusal.kind());
                    assertEquals(100 + i, refusal.correlationId());
                    assertEquals("message of 16777184 bytes is over route api->catalog's 65536-byte limit; " +
                        "connection closed", refusal.text());
                    peers.get(i).awaitClosed();
                }
                final long grown = usedDirectMemory() - before;
                assertTrue(grown < 8 * MIB, "the lane holds " + grown / MIB + " MiB for ten refused frames");
                assertEquals(10, metricsOf(panel).get(RouteCounter.REJECTED));
            }
            finally
            {
                for (final RawUdsPeer peer : peers)
                {
                    peer.close();
                }
            }
            assertAnswers(engine);
        }
    }

    @Test
    void shouldStopReadingFromAClientThatDoesNotReadItsAnswersAndThenDropIt() throws Exception
    {
        final Engine engine = committed();
        final LaneLimits limits = new LaneLimits(LaneLimits.MAX_CONNECTIONS_DEFAULT, LaneLimits.IDLE_TIMEOUT_MS_DEFAULT,
            LaneLimits.FRAME_TIMEOUT_MS_DEFAULT, 500);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).laneLimits(limits)))
        {
            final LaneAddress lane = LaneDirectory.of(engine.workspace()).find(ROUTE);
            final long before = usedDirectMemory();
            long peak = 0;
            long written = 0;
            try (RawUdsPeer greedy = RawUdsPeer.connect(Path.of(lane.path())))
            {
                final byte[] payload = new byte[1024];
                ByteBuffer next = RawUdsPeer.request(lane.routeId(), 1, payload);
                long correlationId = 1;
                final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                // 64 MiB of echo requests, none of whose answers is read
                while (written < 64 * MIB && System.nanoTime() - giveUpAt < 0)
                {
                    final int took;
                    try
                    {
                        took = greedy.tryWrite(next);
                    }
                    catch (final IOException dropped)
                    {
                        break;
                    }
                    written += took;
                    if (!next.hasRemaining())
                    {
                        next = RawUdsPeer.request(lane.routeId(), ++correlationId, payload);
                    }
                    if (took == 0)
                    {
                        peak = Math.max(peak, usedDirectMemory() - before);
                        Thread.yield();
                    }
                }
                peak = Math.max(peak, usedDirectMemory() - before);
            }
            assertTrue(peak < 16 * MIB, "the lane buffered " + peak / MIB + " MiB of answers for a client that " +
                "read none (it sent " + written / MIB + " MiB)");
            assertTrue(written < 64 * MIB, "the lane read all the client sent");
            assertTrue(metricsOf(panel).get(RouteCounter.DROPPED) > 0, "the client was dropped, and counted");
            assertAnswers(engine);
        }
    }

    @Test
    void shouldRefuseAConnectionOverTheRoutesCapAndServeTheNextOneWhenOneLeaves() throws Exception
    {
        final Engine engine = committed();
        try (Panel panel = Panel.start(new Panel.Context().engine(engine)))
        {
            final LaneAddress lane = LaneDirectory.of(engine.workspace()).find(ROUTE);
            final List<RawUdsPeer> idle = new ArrayList<>();
            try
            {
                for (int i = 0; i < 256; i++)
                {
                    idle.add(RawUdsPeer.connect(Path.of(lane.path())));
                }
                try (RawUdsPeer over = RawUdsPeer.connect(Path.of(lane.path())))
                {
                    final RawUdsPeer.Frame refusal = over.readFrame();
                    assertTrue(refusal != null, "the lane hung up without saying why");
                    assertEquals(FrameDescriptor.KIND_ERROR, refusal.kind());
                    assertEquals(0, refusal.correlationId());
                    assertEquals("route api->catalog has 256 connections, its limit; try again later", refusal.text());
                    over.awaitClosed();
                }
                assertEquals(1, metricsOf(panel).get(RouteCounter.REJECTED));
                idle.remove(0).close();
                assertAnswers(engine);
            }
            finally
            {
                for (final RawUdsPeer peer : idle)
                {
                    peer.close();
                }
            }
        }
    }

    @Test
    void shouldCloseAnIdleConnectionAndOneThatLeftAFrameHalfSent() throws Exception
    {
        final Engine engine = committed();
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).laneLimits(new LaneLimits(16, 400, 200,
            LaneLimits.SLOW_READER_TIMEOUT_MS_DEFAULT))))
        {
            final LaneAddress lane = LaneDirectory.of(engine.workspace()).find(ROUTE);
            try (RawUdsPeer silent = RawUdsPeer.connect(Path.of(lane.path()));
                RawUdsPeer halfway = RawUdsPeer.connect(Path.of(lane.path())))
            {
                final ByteBuffer request = RawUdsPeer.request(lane.routeId(), 1, new byte[100]);
                halfway.write(request.limit(20));
                halfway.awaitClosed();
                silent.awaitClosed();
            }
            assertEquals(2, metricsOf(panel).get(RouteCounter.DROPPED));
            assertAnswers(engine);
        }
    }

    private static RouteMetrics metricsOf(final Panel panel)
    {
        return panel.metrics().stream().filter(m -> m.route().equals(ROUTE)).findFirst().orElseThrow();
    }

    /** A well-formed client is answered: the route is live. */
    private static void assertAnswers(final Engine engine)
    {
        final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true)
        {
            try (RouteClient client = RouteClient.connect(engine.workspace().root(), ROUTE))
            {
                final byte[] answer = client.request("still here".getBytes(StandardCharsets.UTF_8), TIMEOUT).join();
                assertEquals("still here", new String(answer, StandardCharsets.UTF_8));
                return;
            }
            catch (final RuntimeException refused)
            {
                // a slot frees up once the lane has seen a peer leave
                assertTrue(System.nanoTime() - giveUpAt < 0, "the route answered no well-formed client: " + refused);
                Thread.yield();
            }
        }
    }

    private static long usedDirectMemory()
    {
        return ((ByteBufAllocatorMetricProvider)ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }
}
