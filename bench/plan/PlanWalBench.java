// Plan / WAL figures for BENCHMARKS.md (issue 5). Run with the built jar on the classpath:
//   java -cp mcp-server/target/rtt.jar bench/plan/PlanWalBench.java /tmp/rtt-walbench
// Prints: plan solve time at 1k components / 5k routes and 10k / 50k; WAL commit latency (append + fsync of one
// frame) p50/p99 beside a bare fsync'd append of the same bytes in the same run; WAL open-and-verify at 100k frames.
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;

import io.rtt.engine.model.*;
import io.rtt.engine.plan.*;
import io.rtt.engine.wal.*;

public class PlanWalBench
{
    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        plan(1_000, 5_000);
        plan(10_000, 50_000);
        commit(dir.resolve("commit"), 2_000);
        openVerify(dir.resolve("verify"), 100_000);
    }

    static void plan(final int components, final int routes)
    {
        final List<Component> cs = new ArrayList<>();
        for (int i = 0; i < components; i++)
        {
            cs.add(new Component("c" + i, "c" + i, i % 10 == 0 ? ComponentKind.DATASTORE : ComponentKind.SERVICE,
                i % 10 == 0 ? "postgres" : null, "go", null, null, List.of(), List.of(new Evidence("f", 1, "x"))));
        }
        final Random random = new Random(1);
        final Set<String> seen = new HashSet<>();
        final List<Edge> edges = new ArrayList<>();
        while (edges.size() < routes)
        {
            final int a = random.nextInt(components);
            final int b = random.nextInt(components);
            if (a != b && seen.add(a + ">" + b))
            {
                edges.add(new Edge("c" + a, "c" + b, List.of(new Evidence("f", 2, "e"))));
            }
        }
        final SymbolIndex index = new SymbolIndex(SymbolIndex.FORMAT, "/ws", cs, List.of(), edges, List.of(), List.of());
        final Map<String, PlanPolicy.RoutePolicy> policies = new HashMap<>();
        for (int i = 0; i < routes; i += 7)
        {
            final Edge e = edges.get(i);
            policies.put(e.from() + "->" + e.to(), new PlanPolicy.RoutePolicy(new Qos(0, 1 + i % 9, 0, 1024), null, false));
        }
        // Budget for a fifth of the routes on shm, so the solver has to choose.
        final PlanPolicy policy = new PlanPolicy(policies, Map.of(), Set.of("c3", "c17"),
            (long)routes / 5 * 2 * PlanPolicy.DEFAULT_RING_BYTES, 0, PlanPolicy.DEFAULT_RING_BYTES, Map.of());
        final long[] times = new long[3];
        Plan plan = null;
        for (int run = 0; run < 3; run++)
        {
            final long t0 = System.nanoTime();
            plan = Planner.plan(index, policy, Graph.EMPTY);
            times[run] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        final long shm = plan.decisions().stream().filter(d -> d.lane() == Lane.SHM).count();
        final boolean bounded = plan.decisions().stream().anyMatch(d -> d.reason().contains("time limit"));
        System.out.printf("plan %,d components / %,d routes: median %,d ms of 3 (min %,d, max %,d); %,d shm lanes%s%n",
            components, routes, times[1] / 1_000_000, times[0] / 1_000_000, times[2] / 1_000_000, shm,
            bounded ? " (solver stopped at its 10 s limit: best found, not proved optimal)" : ", proved optimal");
    }

    static void commit(final Path dir, final int n) throws Exception
    {
        Files.createDirectories(dir);
        final long[] wal = new long[n];
        final long[] bare = new long[n];
        final List<Signature> sigs = List.of(new Signature("ed25519:0123456789abcdef0123456789abcdef",
            Base64.getEncoder().encodeToString(new byte[64])));
        int frameBytes = 0;
        try (Wal log = Wal.open(dir.resolve("wal"));
             FileChannel raw = FileChannel.open(dir.resolve("bare.bin"), StandardOpenOption.CREATE,
                 StandardOpenOption.WRITE, StandardOpenOption.APPEND))
        {
            for (int i = 0; i < n; i++) // interleaved, so both see the same device state
            {
                final long t0 = System.nanoTime();
                final Wal.Frame frame = log.append(WalRecord.APPLY, "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64),
                    i + 1, sigs, "2026-11-26T12:00:00Z");
                wal[i] = System.nanoTime() - t0;
                if (frameBytes == 0)
                {
                    frameBytes = io.rtt.engine.json.Json.canonicalBytes(frame.record()).length + WalFrameDescriptor.HEADER_LENGTH;
                }
                final ByteBuffer bytes = ByteBuffer.allocate(frameBytes);
                final long t1 = System.nanoTime();
                raw.write(bytes);
                raw.force(false);
                bare[i] = System.nanoTime() - t1;
            }
        }
        Arrays.sort(wal);
        Arrays.sort(bare);
        System.out.printf("commit (%d frames of ~%d bytes, after warm-up): WAL append+fsync p50 %.3f ms p99 %.3f ms; " +
            "bare write+fsync p50 %.3f ms p99 %.3f ms; ratio p50 %.2fx p99 %.2fx%n", n, frameBytes,
            wal[n / 2] / 1e6, wal[n * 99 / 100] / 1e6, bare[n / 2] / 1e6, bare[n * 99 / 100] / 1e6,
            (double)wal[n / 2] / bare[n / 2], (double)wal[n * 99 / 100] / bare[n * 99 / 100]);
    }

    static void openVerify(final Path dir, final int n) throws Exception
    {
        final Path walDir = dir.resolve("wal");
        if (!Files.isDirectory(walDir))
        {
            // Build the log without an fsync per frame (setup only): same format, written by the same code path.
            Files.createDirectories(walDir);
            try (Wal log = Wal.open(walDir))
            {
                final List<Signature> sigs = List.of(new Signature("ed25519:0123456789abcdef0123456789abcdef", "c2ln"));
                for (int i = 0; i < n; i++)
                {
                    log.append(WalRecord.APPLY, "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), i + 1, sigs,
                        "2026-11-26T12:00:00Z");
                }
            }
        }
        final long[] times = new long[3];
        for (int run = 0; run < 3; run++)
        {
            final long t0 = System.nanoTime();
            try (Wal log = Wal.open(walDir))
            {
                if (log.frames().size() != n)
                {
                    throw new IllegalStateException("frames: " + log.frames().size());
                }
            }
            times[run] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        System.out.printf("WAL open and verify (CRC-32C, hash chain, Merkle leaves) of %,d frames: median %,d ms of 3%n",
            n, times[1] / 1_000_000);
    }
}
