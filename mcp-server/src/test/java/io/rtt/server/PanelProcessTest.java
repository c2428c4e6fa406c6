package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.rtt.engine.fabric.RouteClient;
import io.rtt.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtt serve} as people run it: the real jar in its own process, serving the committed routes of the bundled
 * example until it is sent SIGTERM, which must leave no lane file, socket or published route behind.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PanelProcessTest
{
    @TempDir
    Path dir;

    @Test
    void shouldServeRoutesAndMetricsUntilTerminatedThenLeaveNothing() throws Exception
    {
        try (RedisServer redis = RedisServer.start(dir, null))
        {
            final Path shop = TestWorkspaces.shop(dir, redis);
            final Process apply = new ProcessBuilder("java", "-jar", TestWorkspaces.JAR.toString(), "up", "--apply",
                "--requests", "10", shop.toString()).redirectErrorStream(true).start();
            final String applied = new String(apply.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, apply.waitFor(), applied);

            final Process panel = new ProcessBuilder("java", "-jar", TestWorkspaces.JAR.toString(), "serve",
                "--metrics-port", "0", shop.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try
            {
                final BufferedReader out = new BufferedReader(
                    new InputStreamReader(panel.getInputStream(), StandardCharsets.UTF_8));
                String line;
                int port = -1;
                final Pattern metrics = Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics");
                while (port < 0 && (line = out.readLine()) != null)
                {
                    final Matcher m = metrics.matcher(line);
                    if (m.find())
                    {
                        port = Integer.parseInt(m.group(1));
                    }
                }
                assertTrue(port > 0, "the panel printed its metrics address");

                try (RouteClient catalog = RouteClient.connect(shop, "api->catalog"))
                {
                    for (int i = 0; i < 100; i++)
                    {
                        final byte[] payload = ("x" + i).getBytes(StandardCharsets.UTF_8);
                        assertArrayEquals(payload, catalog.request(payload, Duration.ofSeconds(10)).join());
                    }
                }
                final String scrape = get(port);
                assertTrue(scrape.contains("rtt_route_responses_total{route=\"api->catalog\",lane=\"uds\"," +
                    "driver=\"echo\"} 100"), scrape);
                assertTrue(Files.exists(shop.resolve(".rtt/lanes/routes.json")));
            }
            finally
            {
                panel.destroy(); // SIGTERM: the shutdown hook closes the panel
                assertTrue(panel.waitFor(30, TimeUnit.SECONDS), "the panel stopped on SIGTERM");
            }
            try (Stream<Path> left = Files.list(shop.resolve(".rtt/lanes")))
            {
                assertEquals(List.of(), left.toList(), "lane files, sockets and routes.json are gone");
            }
            assertFalse(Files.exists(shop.resolve(".rtt/lanes/routes.json")));
        }
    }

    private static String get(final int port) throws Exception
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
}
