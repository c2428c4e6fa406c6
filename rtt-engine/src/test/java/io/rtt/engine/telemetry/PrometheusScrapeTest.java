package io.rtt.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.json.Json;
import io.rtt.engine.panel.Panel;
import io.rtt.testsupport.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's {@code prometheus} package, which {@code scripts/test-all} installs) scrapes a real
 * panel serving the bundled example after real traffic, and answers PromQL with the route's p99: the same number the
 * panel's own window gives, to the histogram's precision.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrometheusScrapeTest
{
    private static final String ROUTE = "api->catalog";
    private static final int REQUESTS = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A {@link RouteWindow}'s latencies are rounded to a tenth of a microsecond; the exposition's are not. */
    private static final double WINDOW_ROUNDING_US = 0.1;
    /** How long Prometheus may take to start, scrape and answer, on a loaded machine. */
    private static final Duration PROMETHEUS_DEADLINE = Duration.ofSeconds(90);
    /** The p99 of the last scrape taken after the traffic: both series of one scrape, so the same window. */
    private static final String P99_AFTER_TRAFFIC = "rtt_route_latency_seconds{route=\"" + ROUTE +
        "\",quantile=\"0.99\"} and on(route) (rtt_route_latency_seconds_count{route=\"" + ROUTE + "\"} == " +
        REQUESTS + ")";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Test
    void shouldAnswerPromQlWithTheP99OfARouteItScrapedFromThePanel() throws Exception
    {
        final Path binary = prometheusBinary();
        final Path shop = Examples.copy("shop", dir.resolve("ws"));
        Files.writeString(shop.resolve("rtt.yaml"), "routes:\n  \"" + ROUTE + "\": { lane: uds }\n");
        final Engine engine = CommittedWorkspace.commit(shop);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine).metricsPort(0)))
        {
            sendTraffic(engine);
            final Prometheus prometheus = startPrometheus(binary, panel.metricsPort());
            try
            {
                awaitHttp(prometheus, "/-/ready", body -> true);

                final JsonNode p99 = awaitQuery(prometheus, P99_AFTER_TRAFFIC);
                final double p99Us = Double.parseDouble(p99.get("value").get(1).asString()) * 1e6;
                final RouteWindow window = panel.metrics().stream().filter(m -> m.route().equals(ROUTE)).findFirst()
                    .orElseThrow().window(PrometheusText.QUANTILE_WINDOW_NS, System.nanoTime(),
                        RouteMetrics.newScratch());
                assertEquals(REQUESTS, window.latency().samples(), "the traffic is still in the panel's window");
                assertTrue(p99Us > 0 && p99Us <= window.latency().maxUs() + WINDOW_ROUNDING_US, p99Us + " µs vs " +
                    window);
                // both read the same slices: equal but for the HdrHistogram's 2 significant digits and the rounding
                assertEquals(window.latency().p99Us(), p99Us, window.latency().p99Us() / 100 + WINDOW_ROUNDING_US,
                    "PromQL's p99 is the panel's own: " + window);
                assertEquals("rtt", p99.get("metric").get("job").asString(), p99.toString());
                assertEquals("uds", p99.get("metric").get("lane").asString(), p99.toString());

                final JsonNode targets = Json.MAPPER.readTree(awaitHttp(prometheus, "/api/v1/targets",
                    body -> body.contains("\"health\":\"up\""))).get("data").get("activeTargets");
                assertEquals(1, targets.size(), targets.toString());
                assertEquals("up", targets.get(0).get("health").asString(), targets.toString());
                assertEquals("http://127.0.0.1:" + panel.metricsPort() + "/metrics",
                    targets.get(0).get("scrapeUrl").asString(), targets.toString());
            }
            finally
            {
                prometheus.stop();
            }
        }
    }

    /**
     * A Prometheus server this test started.
     *
     * @param process its process.
     * @param port    its loopback HTTP port.
     * @param log     where its output goes.
     */
    private record Prometheus(Process process, int port, Path log)
    {
        String output() throws IOException
        {
            return Files.exists(log) ? Files.readString(log) : "(none)";
        }

        void stop() throws InterruptedException
        {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The binary on PATH, or a failure that says how to get it. */
    private static Path prometheusBinary()
    {
        for (final String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            final Path candidate = Path.of(entry.isEmpty() ? "." : entry, "prometheus");
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return fail("the prometheus binary is not on PATH: install Debian's prometheus package " +
            "(apt-get install prometheus; scripts/test-all does it)");
    }

    private static void sendTraffic(final Engine engine)
    {
        try (RouteClient catalog = RouteClient.connect(engine.workspace().root(), ROUTE))
        {
            final List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++)
            {
                answers.add(catalog.request(("sku-" + i).getBytes(StandardCharsets.UTF_8), TIMEOUT));
            }
            for (int i = 0; i < REQUESTS; i++)
            {
                assertArrayEquals(("sku-" + i).getBytes(StandardCharsets.UTF_8), answers.get(i).join());
            }
        }
    }

    /** Prometheus scraping the panel every second, its data and log in the test's directory. */
    private Prometheus startPrometheus(final Path binary, final int metricsPort) throws IOException
    {
        final Path home = Files.createDirectories(dir.resolve("prometheus"));
        final Path config = home.resolve("prometheus.yml");
        Files.writeString(config, """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: rtt
                static_configs:
                  - targets: ['127.0.0.1:%d']
            """.formatted(metricsPort));
        final int port = freePort();
        final Path log = home.resolve("prometheus.log");
        final Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
            "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        return new Prometheus(process, port, log);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    /** Polls an instant query until it returns one series with a positive value, and returns that series. */
    private JsonNode awaitQuery(final Prometheus prometheus, final String promQl) throws Exception
    {
        final String body = awaitHttp(prometheus,
            "/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8), answer ->
            {
                final JsonNode result = Json.MAPPER.readTree(answer).path("data").path("result");
                if (result.size() != 1)
                {
                    return false;
                }
                final double value = Double.parseDouble(result.get(0).get("value").get(1).asString());
                return value > 0;
            });
        return Json.MAPPER.readTree(body).get("data").get("result").get(0);
    }

    /**
     * Polls a GET against Prometheus until it answers 200 with a body the condition accepts, waiting on the process
     * between polls, so a Prometheus that exits fails the test at once with its log.
     */
    private String awaitHttp(final Prometheus prometheus, final String path, final Predicate<String> accepted)
        throws Exception
    {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheus.port() + path))
            .timeout(TIMEOUT).GET().build();
        final long deadlineNs = System.nanoTime() + PROMETHEUS_DEADLINE.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() - deadlineNs < 0)
        {
            try
            {
                final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && accepted.test(response.body()))
                {
                    return response.body();
                }
            }
            catch (final IOException notListeningYet)
            {
                last = notListeningYet.toString();
            }
            if (prometheus.process().waitFor(200, TimeUnit.MILLISECONDS))
            {
                fail("prometheus exited with " + prometheus.process().exitValue() + ":\n" + prometheus.output());
            }
        }
        return fail("prometheus gave no acceptable answer to GET " + path + " within " + PROMETHEUS_DEADLINE +
            "; last: " + last + "\nits log:\n" + prometheus.output());
    }
}
