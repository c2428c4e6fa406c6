package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.drivers.EchoBackend;
import io.rtt.engine.drivers.ForwardingDriverProvider;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.telemetry.RouteWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's circuit breaker in a real panel: a route whose driver relays each request to a backend in another
 * process ({@link ForwardingDriverProvider}, {@link EchoBackend}); traffic flows, the backend is killed with -9 in the
 * middle of it, requests fail, the breaker opens and answers at once, and once the backend is started again on the
 * same socket the breaker probes its way back and closes, and requests are answered again.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CircuitBreakerPanelTest
{
    private static final String ROUTE = "app->events";
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final String COMPOSE = """
        services:
          app:
            build: ./app
            environment:
              EVENTS_ADDR: events:5672
          events:
            image: rabbitmq:3
        """;
    /** The route's own thresholds over a default it must not get: a short wait, so the test probes soon. */
    private static final String POLICY = """
        breakers:
          default: { openMs: 600000 }
          "app->events": { window: 10, minCalls: 5, failureRatePercent: 50, openMs: 200, halfOpenCalls: 2 }
        """;
    private static final Pattern OPEN_REFUSAL = Pattern.compile("route app->events: circuit open after " +
        "(\\d+% failures over the last \\d+ calls|probe \\d of 2 failed); retrying in \\d+ ms");

    @TempDir
    Path dir;

    @Test
    void shouldOpenTheBreakerWhenTheBackendIsKilledMidTrafficAndCloseItOnceTheBackendIsBack() throws Exception
    {
        final Path root = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(root.resolve("compose.yaml"), COMPOSE);
        Files.writeString(root.resolve("rtt.yaml"), POLICY);
        final Engine engine = CommittedWorkspace.commit(root);
        final Path socket = ForwardingDriverProvider.backendSocket(engine.workspace().layout().dataDir(), "events");
        Files.createDirectories(socket.getParent());
        final Queue<String> transitions = new ConcurrentLinkedQueue<>();
        Process backend = EchoBackend.start(socket);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(0)
            .breakerListener((route, from, to, reason) -> transitions.add(from.label() + "->" + to.label())));
            Traffic traffic = new Traffic(RouteClient.connect(root, ROUTE)))
        {
            awaitTrue(() -> traffic.answered.get() >= 100, () -> "answers before the kill: " + traffic);
            assertEquals("closed", breaker(panel));

            backend.destroyForcibly().waitFor();
            awaitTrue(() -> traffic.shortCircuited.get() > 0, () -> "a fail-fast answer after the kill: " + traffic);
            traffic.pause();

            assertTrue(traffic.backendErrors.get() > 0, traffic.toString());
            assertTrue(traffic.lastBackendError.startsWith("the backend at events.sock failed: "),
                traffic.lastBackendError);
            assertTrue(OPEN_REFUSAL.matcher(traffic.firstRefusal).matches(), traffic.firstRefusal);
            assertTrue(traffic.firstRefusal.contains("% failures over the last "), traffic.firstRefusal);
            assertEquals("open", breaker(panel), "the last request was refused or a failed probe");
            assertEquals("open", PanelClient.status(engine.workspace()).routes().stream()
                .filter(r -> r.route().equals(ROUTE)).findFirst().orElseThrow().breaker());
            final RouteWindow opened = PanelClient.metrics(engine.workspace(), ROUTE, 60).routes().get(0);
            assertEquals("open", opened.breaker());
            assertTrue(opened.shortCircuited() > 0, opened.toString());
            final String scrape = get(panel.metricsPort());
            final String labels = "{route=\"app->events\",lane=\"" + opened.lane() + "\",driver=\"rabbitmq\"}";
            assertTrue(scrape.contains("rtt_route_breaker_state" + labels + " 2\n"), scrape);
            assertTrue(scrape.contains("rtt_route_short_circuited_total" + labels + " " +
                traffic.shortCircuited.get() + "\n"), scrape);
            assertEquals("closed->open", transitions.peek());

            backend = EchoBackend.start(socket);
            final long answeredBefore = traffic.answered.get();
            traffic.resume();
            awaitTrue(() -> traffic.answered.get() > answeredBefore && "closed".equals(breaker(panel)),
                () -> "answers after the restart, and the breaker closed: " + traffic + ", " + transitions);
            traffic.close();

            assertNull(traffic.unexpected, () -> "unexpected failure: " + traffic.unexpected);
            final List<String> seen = List.copyOf(transitions);
            assertEquals("half_open->closed", seen.get(seen.size() - 1), seen.toString());
            assertTrue(seen.indexOf("open->half_open") > seen.indexOf("closed->open"), seen.toString());
            final RouteMetrics metrics = panel.metrics().stream().filter(m -> m.route().equals(ROUTE)).findFirst()
                .orElseThrow();
            assertEquals(traffic.shortCircuited.get(), metrics.get(RouteCounter.SHORT_CIRCUITED));
            assertEquals(seen.stream().filter(t -> t.endsWith("->open")).count(),
                metrics.get(RouteCounter.BREAKER_TRIPS));
            assertEquals(RouteMetrics.BREAKER_CLOSED, metrics.breakerState());
            assertTrue(get(panel.metricsPort()).contains("rtt_route_breaker_state" + labels + " 0\n"));
        }
        finally
        {
            backend.destroyForcibly().waitFor();
        }
    }

    private static String breaker(final Panel panel)
    {
        return panel.status().stream().filter(r -> r.route().equals(ROUTE)).findFirst().orElseThrow().breaker();
    }

    private static String get(final int port) throws IOException
    {
        final HttpURLConnection connection =
            (HttpURLConnection)URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openConnection();
        try (InputStream in = connection.getInputStream())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        finally
        {
            connection.disconnect();
        }
    }

    private static void awaitTrue(final BooleanSupplier condition, final Supplier<String> what)
    {
        final long giveUpAt = System.nanoTime() + WAIT_NS;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - giveUpAt < 0, what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * One request after another on the route, each checked: an echo of itself, the breaker's fail-fast refusal, or
     * the backend's failure; anything else is kept as unexpected. It can be paused between two requests, so that
     * what the panel says of the route holds still while the test reads it.
     */
    private static final class Traffic implements AutoCloseable
    {
        private final RouteClient client;
        private final Thread thread;
        private final AtomicLong answered = new AtomicLong();
        private final AtomicLong shortCircuited = new AtomicLong();
        private final AtomicLong backendErrors = new AtomicLong();
        private volatile String firstRefusal;
        private volatile String lastBackendError;
        private volatile Throwable unexpected;
        private volatile boolean running = true;
        private volatile boolean paused;
        private volatile boolean idle;

        private Traffic(final RouteClient client)
        {
            this.client = client;
            this.thread = new Thread(this::run, "breaker-traffic");
            thread.start();
        }

        private void run()
        {
            long sent = 0;
            while (running)
            {
                if (paused)
                {
                    idle = true;
                    LockSupport.park(this);
                    continue;
                }
                idle = false;
                final byte[] payload = ("event-" + sent++).getBytes(StandardCharsets.UTF_8);
                try
                {
                    assertArrayEquals(payload, client.request(payload, Duration.ofSeconds(10)).join());
                    answered.incrementAndGet();
                }
                catch (final CompletionException ex)
                {
                    if (!(ex.getCause() instanceof RouteErrorException error))
                    {
                        unexpected = ex;
                        return;
                    }
                    if (error.getMessage().startsWith("route " + ROUTE + ": circuit "))
                    {
                        if (firstRefusal == null)
                        {
                            firstRefusal = error.getMessage();
                        }
                        shortCircuited.incrementAndGet();
                    }
                    else
                    {
                        lastBackendError = error.getMessage();
                        backendErrors.incrementAndGet();
                    }
                }
                catch (final RuntimeException | AssertionError ex)
                {
                    unexpected = ex;
                    return;
                }
            }
        }

        /** Stops sending once the request in flight is answered, and waits for that. */
        void pause()
        {
            paused = true;
            awaitTrue(() -> idle || !thread.isAlive(), () -> "traffic paused: " + this);
        }

        void resume()
        {
            paused = false;
            LockSupport.unpark(thread);
        }

        @Override
        public void close() throws InterruptedException
        {
            running = false;
            LockSupport.unpark(thread);
            thread.join();
            client.close();
        }

        @Override
        public String toString()
        {
            return "answered=" + answered + ", shortCircuited=" + shortCircuited + ", backendErrors=" +
                backendErrors + ", unexpected=" + unexpected;
        }
    }
}
