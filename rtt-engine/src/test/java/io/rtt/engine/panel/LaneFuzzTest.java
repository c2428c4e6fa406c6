package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import io.rtt.engine.fabric.ShmLane;
import io.rtt.engine.fabric.ShmLaneVandal;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.testsupport.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: random bytes thrown at the lanes of a real panel, for {@code rtt.fuzz.seconds} per lane (3 by default;
 * {@code -Drtt.fuzz.seconds=600} for a long run, {@code -Drtt.fuzz.seed=N} to replay one). The panel must stay live
 * (a well-formed client is answered during and after), no thread may be left spinning (the route answers), and memory
 * stays bounded: the heap after a collection, and the direct memory of Netty's allocator that the uds lanes use.
 * <ul>
 * <li>uds: up to 32 connections at once, each sent random bytes, frame headers that lie (sizes, versions, kinds,
 * route ids), frames left half-sent, and floods of requests whose answers are never read;</li>
 * <li>shm: a process scribbling random bytes over both rings and their trailers, while a client in this process
 * sends random records and frames and reads nothing back.</li>
 * </ul>
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LaneFuzzTest
{
    private static final long FUZZ_NS = TimeUnit.SECONDS.toNanos(Long.getLong("rtt.fuzz.seconds", 3));
    private static final long SEED = Long.getLong("rtt.fuzz.seed", System.nanoTime());
    private static final String ROUTE = "api->catalog";
    /**
     * Heap left in use after the fuzz and a collection, beyond what was before it: by design, each slot of a route's
     * queue keeps a payload buffer as large as the largest message it held, at most the route's 64 KiB
     * {@code maxMessageBytes}; 32 MiB more for everything else.
     */
    private static final long HEAP_GROWTH_BOUND = RouteServer.QUEUE_CAPACITY * 65_536L + (32L << 20);
    /** Netty direct memory in use at any point of the fuzz, beyond what was before it. */
    private static final long DIRECT_GROWTH_BOUND = 96L << 20;
    private static final LaneLimits LIMITS = new LaneLimits(64, 2_000, 500, 1_000);

    @TempDir
    Path dir;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Random random = new Random(SEED);
    private final List<RawUdsPeer> peers = new ArrayList<>();
    private Process vandal;

    @AfterEach
    void stopFuzzers() throws IOException
    {
        for (final RawUdsPeer peer : peers)
        {
            peer.close();
        }
        if (vandal != null)
        {
            vandal.destroyForcibly();
        }
    }

    @Test
    void shouldStayLiveAndBoundedUnderRandomBytesOnAUdsLane() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, "routes:\n  \"api->catalog\": { lane: uds }\n");
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).laneLimits(LIMITS)))
        {
            final LaneAddress lane = LaneDirectory.of(engine.workspace()).find(ROUTE);
            final long heapBefore = heapAfterCollection();
            final long directBefore = usedDirectMemory();
            long directPeak = 0;
            long actions = 0;
            long nextCheckNs = System.nanoTime();
            final long endNs = System.nanoTime() + FUZZ_NS;
            while (System.nanoTime() - endNs < 0)
            {
                fuzzUds(lane);
                actions++;
                directPeak = Math.max(directPeak, usedDirectMemory() - directBefore);
                if (System.nanoTime() - nextCheckNs >= 0)
                {
                    assertAnswers(engine, "during the fuzz");
                    nextCheckNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            }
            for (final RawUdsPeer peer : peers)
            {
                peer.close();
            }
            peers.clear();
            assertAnswers(engine, "after the fuzz");
            final long heapGrowth = heapAfterCollection() - heapBefore;
            System.out.printf("uds fuzz, seed %d: %,d actions; direct memory peak +%,d KiB, heap after GC %+,d KiB; " +
                "metrics %s%n", SEED, actions, directPeak >> 10, heapGrowth >> 10, metricsOf(panel));
            assertTrue(directPeak < DIRECT_GROWTH_BOUND, "seed " + SEED + ": Netty direct memory grew by " +
                (directPeak >> 20) + " MiB");
            assertTrue(heapGrowth < HEAP_GROWTH_BOUND, "seed " + SEED + ": the heap kept " + (heapGrowth >> 20) +
                " MiB");
        }
    }

    @Test
    void shouldStayLiveAndBoundedUnderRandomBytesOnAShmLane() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, "routes:\n  \"api->catalog\": { lane: shm }\n");
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).laneLimits(LIMITS)))
        {
            final LaneAddress lane = LaneDirectory.of(engine.workspace()).find(ROUTE);
            final long heapBefore = heapAfterCollection();
            vandal = ChildJvm.start(ShmLaneVandal.class, lane.path() + ".lane", "both", Long.toString(SEED),
                Long.toString(TimeUnit.NANOSECONDS.toMillis(FUZZ_NS)));
            long rounds = 0;
            final long endNs = System.nanoTime() + FUZZ_NS;
            while (System.nanoTime() - endNs < 0 || vandal.isAlive())
            {
                fuzzShm(lane);
                rounds++;
            }
            assertEquals(0, vandal.waitFor(), "the vandal failed");
            assertAnswers(engine, "after the fuzz");
            final long heapGrowth = heapAfterCollection() - heapBefore;
            System.out.printf("shm fuzz, seed %d: %,d rounds; heap after GC %+,d KiB; metrics %s%n", SEED, rounds,
                heapGrowth >> 10, metricsOf(panel));
            assertTrue(heapGrowth < HEAP_GROWTH_BOUND, "seed " + SEED + ": the heap kept " + (heapGrowth >> 20) +
                " MiB");
        }
    }

    /** One random abuse of the uds lane. */
    private void fuzzUds(final LaneAddress lane) throws IOException
    {
        if (peers.size() < 32 && (peers.isEmpty() || random.nextInt(8) == 0))
        {
            peers.add(RawUdsPeer.connect(Path.of(lane.path())));
        }
        final int victim = random.nextInt(peers.size());
        final RawUdsPeer peer = peers.get(victim);
        final ByteBuffer bytes = switch (random.nextInt(6))
        {
            case 0 -> ByteBuffer.wrap(randomBytes(1 + random.nextInt(4096)));
            case 1 -> RawUdsPeer.frame(random.nextInt(), FrameDescriptor.KIND_REQUEST, lane.routeId(),
                random.nextLong(), randomBytes(random.nextInt(64)));
            case 2 -> lyingHeader(lane);
            case 3 -> halfSent(lane);
            default -> flood(lane);
        };
        try
        {
            peer.tryWrite(bytes);
        }
        catch (final IOException closedByTheLane)
        {
            peer.close();
            peers.remove(victim);
            return;
        }
        if (random.nextInt(16) == 0)
        {
            peer.close();
            peers.remove(victim);
        }
    }

    /** The start of a well-formed request, and no more of it. */
    private ByteBuffer halfSent(final LaneAddress lane)
    {
        final ByteBuffer request = RawUdsPeer.request(lane.routeId(), random.nextLong(),
            randomBytes(1 + random.nextInt(2048)));
        return request.limit(1 + random.nextInt(request.capacity() - 1));
    }

    /** A header right but for one field: version, kind, route id or length. */
    private ByteBuffer lyingHeader(final LaneAddress lane)
    {
        final byte[] payload = randomBytes(random.nextInt(128));
        final ByteBuffer frame = RawUdsPeer.request(lane.routeId(), random.nextLong(), payload);
        switch (random.nextInt(4))
        {
            case 0 -> frame.put(FrameDescriptor.VERSION_OFFSET, (byte)random.nextInt());
            case 1 -> frame.put(FrameDescriptor.KIND_OFFSET, (byte)random.nextInt(8));
            case 2 -> frame.putInt(FrameDescriptor.ROUTE_ID_OFFSET, random.nextInt());
            default -> frame.putInt(FrameDescriptor.LENGTH_OFFSET, FrameDescriptor.HEADER_LENGTH + 65_536 +
                random.nextInt(FrameDescriptor.MAX_FRAME_LENGTH));
        }
        return frame;
    }

    /** Many well-formed requests back to back, whose answers this peer never reads. */
    private ByteBuffer flood(final LaneAddress lane)
    {
        final ByteBuffer requests = ByteBuffer.allocate(256 * 1024);
        final byte[] payload = randomBytes(1024);
        while (requests.remaining() >= FrameDescriptor.HEADER_LENGTH + payload.length)
        {
            requests.put(RawUdsPeer.request(lane.routeId(), random.nextLong(), payload));
        }
        return requests.flip();
    }

    /** One round against the shm lane: attach as its client, send random records and frames, leave. */
    private void fuzzShm(final LaneAddress lane)
    {
        final Path file = Path.of(lane.path());
        try (ShmLane client = ShmLane.attach(file.getParent(), file.getFileName().toString()))
        {
            for (int i = 0; i < 64; i++)
            {
                final byte[] bytes = randomBytes(1 + random.nextInt(client.maxPayloadLength()));
                if (random.nextBoolean())
                {
                    client.offer(new UnsafeBuffer(bytes), 0, bytes.length);
                }
                else
                {
                    client.send((byte)(1 + random.nextInt(5)), random.nextBoolean() ? lane.routeId() : random.nextInt(),
                        random.nextLong(), 0, new UnsafeBuffer(bytes), 0, bytes.length);
                }
            }
        }
        catch (final RuntimeException resettingOrBusy)
        {
            Thread.yield(); // the lane is being reset, or the vandal damaged what attach checks
        }
    }

    private byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A well-formed client, connecting afresh (the lane may have been reset), is answered within 30 s. */
    private static void assertAnswers(final Engine engine, final String when)
    {
        final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RuntimeException last = null;
        while (System.nanoTime() - giveUpAt < 0)
        {
            try (RouteClient client = RouteClient.connect(engine.workspace().root(), ROUTE))
            {
                final byte[] answer = client.request("live".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5))
                    .join();
                assertEquals("live", new String(answer, StandardCharsets.UTF_8));
                return;
            }
            catch (final RuntimeException notYet)
            {
                last = notYet;
                Thread.yield();
            }
        }
        throw new AssertionError("seed " + SEED + ": no well-formed client was answered " + when, last);
    }

    private static String metricsOf(final Panel panel)
    {
        return panel.metrics().stream().filter(m -> m.route().equals(ROUTE)).findFirst()
            .map(m -> "requests " + m.get(RouteCounter.REQUESTS) + ", rejected " +
                m.get(RouteCounter.REJECTED) + ", dropped " +
                m.get(RouteCounter.DROPPED) + ", errors " +
                m.get(RouteCounter.ERRORS)).orElse("none");
    }

    private long heapAfterCollection()
    {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long usedDirectMemory()
    {
        return ((ByteBufAllocatorMetricProvider)ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }
}
