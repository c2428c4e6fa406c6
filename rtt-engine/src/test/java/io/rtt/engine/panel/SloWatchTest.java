package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.drivers.AppendLogDriverProvider;
import io.rtt.engine.fabric.RouteClient;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloWatchTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRecordARouteOverItsLatencyObjectiveInTheFlightRecording() throws IOException
    {
        final Path root = dir.resolve("ws");
        final Engine engine = CommittedWorkspace.appAndBroker(root, "slos:\n  \"app->events\": { p99Ms: 1 }\n");
        try (Panel panel = Panel.start(new Panel.Context().engine(engine));
            RouteClient client = RouteClient.connect(root, "app->events"))
        {
            // every append takes 3 ms: the route's p99 is over its 1 ms objective
            for (int i = 0; i < 120; i++)
            {
                client.request(AppendLogDriverProvider.SLOW.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10))
                    .join();
            }

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<RecordedEvent> breaches = List.of();
            while (breaches.isEmpty() && System.nanoTime() - deadline < 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                breaches = RecordingFile.readAllEvents(Path.of(engine.dumpRecording("slo-test").path())).stream()
                    .filter(e -> e.getEventType().getName().equals("rtt.RouteSloBreach")).toList();
            }

            assertTrue(!breaches.isEmpty(), "no breach recorded");
            final RecordedEvent breach = breaches.get(0);
            assertEquals("app->events", breach.getString("route"));
            assertEquals("p99", breach.getString("quantile"));
            assertEquals(1000.0, breach.getDouble("boundUs"));
            assertTrue(breach.getDouble("observedUs") >= AppendLogDriverProvider.SLOW_MS * 1000, breach.toString());
        }
    }
}
