package io.rtt.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.rtt.engine.Engine;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.trust.Keyring;

/**
 * Metrics cost at the level metrics are recorded: a route served by a panel in a child process (shm lane, echo
 * driver), streamed one-way events from this process through {@link RouteClient}, with the panel recording its
 * counters and latency histogram against the same panel recording nothing. A request after the stream, answered
 * in order behind it, marks the end.
 */
final class PanelRun
{
    static final String ROUTE = "a->b";

    private PanelRun()
    {
    }

    /** Makes a two-service workspace whose committed plan has one shm route, {@value #ROUTE}, to an echo driver. */
    static Path workspace(final Path dir) throws Exception
    {
        final Path root = dir.resolve("panel-ws");
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
        final Engine engine = Engine.open(root);
        Keyring.of(engine.workspace()).init("bench");
        final Plan plan = engine.plan();
        final Applier applier = engine.applier();
        applier.sign(plan, null, 0, Duration.ofHours(1));
        applier.apply(plan, false);
        return root;
    }

    /** One run: {messages per second}. */
    static double[] measure(final Path workspace, final boolean metrics, final int events) throws Exception
    {
        try (Child child = Child.start("panel", metrics ? "on" : "off", workspace.toString());
            RouteClient client = RouteClient.connect(workspace, ROUTE))
        {
            final byte[] payload = new byte[32];
            stream(client, payload, events / 5); // warms the route, unmeasured
            final long start = System.nanoTime();
            stream(client, payload, events);
            return new double[] {events * 1e9 / (System.nanoTime() - start)};
        }
    }

    private static void stream(final RouteClient client, final byte[] payload, final int events)
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
}
