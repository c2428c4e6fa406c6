// Verify time on N routes for BENCHMARKS.md (issue 12). Run with the built jar on the classpath:
//   java -Xss512k -cp mcp-server/target/rtt.jar bench/verify/VerifyBench.java /tmp/rtt-verifybench 1000 5
// Builds a workspace whose compose file has one client calling N echo services (N routes, each with a driver),
// commits its plan, serves it on a panel in this process, then times `Engine.verify` (log and signatures, head graph,
// panel status, a probe per route, breakers, objectives) R times, beside the two parts that are not probes: the
// log's verify alone (`rtt log --verify`) and one status call to the panel. Prints medians.
import java.nio.file.*;
import java.time.Duration;
import java.util.*;

import io.rtt.engine.Engine;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.plan.*;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.verify.VerifyReport;

public class VerifyBench
{
    public static void main(final String[] args) throws Exception
    {
        final Path dir = Files.createDirectories(Path.of(args[0]));
        final int routes = Integer.parseInt(args[1]);
        final int runs = Integer.parseInt(args[2]);
        final Path root = workspace(dir.resolve("ws-" + routes + "-" + System.nanoTime()), routes);
        final Engine engine = Engine.open(root);
        Keyring.of(engine.workspace()).init("bench");
        long start = System.nanoTime();
        final Plan plan = engine.plan();
        engine.applier().sign(plan, null, 0, Duration.ofHours(1));
        engine.applier().apply(plan, false);
        System.err.printf("planned and applied %d routes in %.1f s%n", plan.desired().routes().size(),
            (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        try (Panel panel = Panel.start(new Panel.Context().engine(engine)))
        {
            System.err.printf("panel serving %d routes after %.1f s%n",
                panel.status().stream().filter(s -> s.served()).count(), (System.nanoTime() - start) / 1e9);
            final List<Double> verify = new ArrayList<>();
            final List<Double> log = new ArrayList<>();
            final List<Double> status = new ArrayList<>();
            engine.verify(Duration.ofSeconds(30)); // warm-up, unmeasured
            for (int run = 0; run < runs; run++)
            {
                start = System.nanoTime();
                final VerifyReport report = engine.verify(Duration.ofSeconds(30));
                verify.add((System.nanoTime() - start) / 1e6);
                if (!report.passed())
                {
                    throw new IllegalStateException("verify failed: " + report.failures());
                }
                final long probed = report.checks().stream().filter(c -> c.name().equals("live") &&
                    c.outcome() == VerifyReport.Outcome.PASS).count();
                if (probed != routes)
                {
                    throw new IllegalStateException(probed + " routes probed, expected " + routes);
                }
                start = System.nanoTime();
                engine.verifyLog();
                log.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                engine.panelStatus();
                status.add((System.nanoTime() - start) / 1e6);
            }
            System.out.printf(Locale.ROOT, "routes=%d runs=%d verify_ms=%.1f log_verify_ms=%.1f status_ms=%.1f " +
                "(medians; verify runs: %s)%n", routes, runs, median(verify), median(log), median(status), verify);
        }
    }

    static Path workspace(final Path root, final int services) throws Exception
    {
        Files.createDirectories(root.resolve("client"));
        final StringBuilder compose = new StringBuilder("services:\n  client:\n    build: ./client\n" +
            "    environment:\n");
        for (int i = 0; i < services; i++)
        {
            compose.append("      S").append(i).append("_ADDR: s").append(i).append(":8080\n");
        }
        for (int i = 0; i < services; i++)
        {
            Files.createDirectories(root.resolve("s" + i));
            compose.append("  s").append(i).append(":\n    build: ./s").append(i).append("\n    expose: [\"8080\"]\n");
        }
        Files.writeString(root.resolve("compose.yaml"), compose);
        return root;
    }

    static double median(final List<Double> values)
    {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
