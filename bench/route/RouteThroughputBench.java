// Route throughput across builds for BENCHMARKS.md (issue 12): what windowed metrics and the oracle (circuit
// breakers, canary split) cost a panel's route against the route as it was before them. Build each version's jar
// (e.g. in a git worktree of the older commit: `mvn -q -o package -DskipTests -pl mcp-server -am`), then run with the
// newest jar on the classpath:
//   java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp mcp-server/target/rtt.jar \
//     bench/route/RouteThroughputBench.java /tmp/rtt-routebench 2000000 6 OLD.jar NEW.jar [NEW.jar::-XX:FLAG ...]
// For each jar: a two-service workspace with one shm route a->b to an echo driver, committed with that jar's own CLI
// (keys init, plan, sign, apply); then, pair by pair in alternating order, that jar's panel (`serve`, metrics
// recorded as always) in a child JVM, streamed 32-byte events from this process through RouteClient after an
// unmeasured warm-up stream; a request after the stream, answered in order behind it, marks the end. Prints each
// jar's median msg/s and its ratio to the first jar's.
import java.io.IOException;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.fabric.RouteClient;

public class RouteThroughputBench
{
    static final String ROUTE = "a->b";
    /** The jar each argument runs, and the flags its panel's JVM gets. */
    static final Map<Path, Path> JARS = new HashMap<>();
    static final Map<Path, List<String>> PANEL_FLAGS = new HashMap<>();

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Files.createDirectories(Path.of(args[0]));
        final int events = Integer.parseInt(args[1]);
        final int pairs = Integer.parseInt(args[2]);
        // JAR, or JAR::FLAGS for the panel's JVM (e.g. rtt.jar::-XX:-FlightRecorder), so one build runs two ways
        final List<Path> jars = new ArrayList<>();
        for (final String arg : Arrays.stream(args).skip(3).toList())
        {
            final String[] parts = arg.split("::", 2);
            final Path jar = Path.of(parts[0]);
            final Path key = parts.length > 1 ? Path.of(arg) : jar;
            jars.add(key);
            JARS.put(key, jar);
            PANEL_FLAGS.put(key, parts.length > 1 ? List.of(parts[1].split(" ")) : List.of());
        }
        final List<Path> workspaces = new ArrayList<>();
        for (int j = 0; j < jars.size(); j++)
        {
            workspaces.add(commit(JARS.get(jars.get(j)), dir.resolve("ws-" + j + "-" + System.nanoTime())));
        }
        final List<List<Double>> rates = new ArrayList<>();
        jars.forEach(j -> rates.add(new ArrayList<>()));
        for (int pair = 0; pair < pairs; pair++)
        {
            for (int k = 0; k < jars.size(); k++)
            {
                // alternate which jar goes first, so neither always runs on a warmer machine
                final int j = pair % 2 == 0 ? k : jars.size() - 1 - k;
                final double rate = measure(jars.get(j), workspaces.get(j), events);
                rates.get(j).add(rate);
                System.err.printf(Locale.ROOT, "pair %d, %s: %.2f M msg/s%n", pair + 1, jars.get(j), rate / 1e6);
            }
        }
        final double first = median(rates.get(0));
        for (int j = 0; j < jars.size(); j++)
        {
            System.out.printf(Locale.ROOT, "%s: median %.2f M msg/s over %d runs, %.3f x the first%n", jars.get(j),
                median(rates.get(j)) / 1e6, pairs, median(rates.get(j)) / first);
        }
    }

    static Path commit(final Path jar, final Path root) throws Exception
    {
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("compose.yaml"), """
            services:
              a:
                build: ./a
                environment:
                  B_ADDR: b:8080
              b:
                build: ./b
                expose: ["8080"]
            """);
        Files.writeString(root.resolve("rtt.yaml"), "routes:\n  \"" + ROUTE + "\": { lane: shm }\n");
        rtt(jar, root, "keys", "init", "-w", root.toString(), "--name", "bench");
        rtt(jar, root, "plan", root.toString());
        final Path plan;
        try (var files = Files.list(root.resolve(".rtt/plans")))
        {
            plan = files.filter(f -> f.toString().endsWith(".plan.json")).findFirst().orElseThrow();
        }
        rtt(jar, root, "sign", plan.toString());
        rtt(jar, root, "apply", plan.toString());
        return root;
    }

    static void rtt(final Path jar, final Path root, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("cli.log").toFile())).start();
        final int code = process.waitFor();
        if (code != 0 && code != 4)
        {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code + "; see " +
                root.resolve("cli.log"));
        }
    }

    static double measure(final Path jar, final Path root, final int events) throws Exception
    {
        final Path published = root.resolve(".rtt/lanes/routes.json");
        Files.deleteIfExists(published);
        final List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(PANEL_FLAGS.getOrDefault(jar, List.of()));
        command.addAll(List.of("-jar", JARS.get(jar).toString(), "serve", "--metrics-port", "0", root.toString()));
        final Process panel = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("panel.log").toFile())).start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(published) || !Files.readString(published).contains(ROUTE))
            {
                if (System.nanoTime() > deadline || !panel.isAlive())
                {
                    throw new IllegalStateException("the panel of " + jar + " did not serve " + ROUTE);
                }
                Thread.sleep(20);
            }
            try (RouteClient client = RouteClient.connect(root, ROUTE))
            {
                final byte[] payload = new byte[32];
                stream(client, payload, events / 5); // warms the route, unmeasured
                final long start = System.nanoTime();
                stream(client, payload, events);
                return events * 1e9 / (System.nanoTime() - start);
            }
        }
        finally
        {
            panel.destroy();
            if (!panel.waitFor(30, TimeUnit.SECONDS))
            {
                panel.destroyForcibly().waitFor();
            }
        }
    }

    static void stream(final RouteClient client, final byte[] payload, final int events)
    {
        for (int i = 0; i < events; i++)
        {
            while (!client.send(payload))
            {
                Thread.yield();
            }
        }
        client.request(payload, Duration.ofMinutes(1)).join();
    }

    static double median(final List<Double> values)
    {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) :
            (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }
}
