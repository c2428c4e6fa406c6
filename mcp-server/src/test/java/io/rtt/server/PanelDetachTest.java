package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.json.Json;
import io.rtt.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code rtt serve --detach} and {@code --stop} as people run them: the real jar starts a real background process
 * whose control socket answers; {@code rtt routes} and {@code rtt metrics} read it after real traffic; a second
 * detach is refused; garbage on the socket gets an error and the panel stays up; stop ends the process and leaves no
 * socket, pid file or lane behind, over the socket or, when the socket is gone, by SIGTERM.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PanelDetachTest
{
    private static final Pattern PID = Pattern.compile("in the background, pid (\\d+)");

    @TempDir
    Path dir;

    /** The cache's redis, so that the example's routes to it are served: 4 of its 8. */
    private RedisServer redis;

    @AfterEach
    void stopRedis() throws InterruptedException
    {
        if (redis != null)
        {
            redis.close();
        }
    }

    /** What one run of the jar printed, and its exit code. */
    private record Run(int exit, String out, String err)
    {
    }

    private static Run jar(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("java", "-jar", TestWorkspaces.JAR.toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).start();
        final CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return process.getErrorStream().readAllBytes();
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, new String(err.join(), StandardCharsets.UTF_8));
    }

    /** The CLI in this process, as CliTest runs it: the verbs that only read the panel. */
    private static Run cli(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = Rtt.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path committedShop(final Path dir) throws Exception
    {
        redis = RedisServer.start(dir, null);
        final Path shop = TestWorkspaces.shop(dir, redis).toRealPath();
        final Run up = cli("up", "--apply", "--requests", "1", shop.toString());
        assertEquals(0, up.exit(), up.out() + up.err());
        return shop;
    }

    private static long detach(final Path shop) throws Exception
    {
        final Run detach = jar("serve", "--detach", "--metrics-port", "0", shop.toString());
        assertEquals(0, detach.exit(), detach.out() + detach.err());
        final Matcher pid = PID.matcher(detach.out());
        assertTrue(pid.find(), detach.out());
        // the cache points at the test's redis; the db, which nothing names, is served by a postgres dev service
        assertTrue(detach.out().contains("8 of 8 committed routes served"), detach.out());
        return Long.parseLong(pid.group(1));
    }

    @Test
    void shouldDetachServeMetricsRefuseASecondDetachSurviveGarbageAndStop() throws Exception
    {
        final Path shop = committedShop(dir);
        final long pid = detach(shop);
        final Path state = shop.resolve(".rtt");
        try
        {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "a real background process");
            assertEquals(pid + "\n", Files.readString(state.resolve("panel.pid")));
            assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state.resolve("panel.sock"))));

            final Run second = jar("serve", "--detach", "--metrics-port", "0", shop.toString());
            assertEquals(3, second.exit());
            assertEquals("rtt: a panel already serves this workspace (pid " + pid + "); stop it first with " +
                "`rtt serve --stop " + shop + "`\n", second.err());

            try (RouteClient catalog = RouteClient.connect(shop, "api->catalog"))
            {
                final List<CompletableFuture<byte[]>> answers = new ArrayList<>();
                for (int i = 0; i < 1000; i++)
                {
                    answers.add(catalog.request(("sku-" + i).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30)));
                }
                for (int i = 0; i < 1000; i++)
                {
                    assertArrayEquals(("sku-" + i).getBytes(StandardCharsets.UTF_8), answers.get(i).join());
                }
            }

            final Run metrics = cli("metrics", "--route", "api->catalog", "--window", "1m", "--json",
                shop.toString());
            assertEquals(0, metrics.exit(), metrics.err());
            final JsonNode catalog = Json.MAPPER.readTree(metrics.out()).get("routes").get(0);
            assertEquals("api->catalog", catalog.get("route").asString());
            assertEquals(1000, catalog.get("requests").asLong(), metrics.out());
            assertEquals(1000, catalog.get("responses").asLong(), metrics.out());
            assertEquals(0, catalog.get("errors").asLong(), metrics.out());
            final JsonNode latency = catalog.get("latency");
            assertEquals(1000, latency.get("samples").asLong());
            final double p50 = latency.get("p50Us").asDouble();
            final double p99 = latency.get("p99Us").asDouble();
            assertTrue(p50 > 0 && p50 <= latency.get("p95Us").asDouble() && p99 <= latency.get("p999Us").asDouble() &&
                latency.get("p999Us").asDouble() <= latency.get("maxUs").asDouble() && latency.get("maxUs")
                .asDouble() < 60_000_000, "sane quantiles: " + latency);

            final Run table = cli("metrics", shop.toString());
            assertEquals(0, table.exit(), table.err());
            assertTrue(table.out().startsWith("8 live routes over the last 60 s"), table.out());
            assertTrue(table.out().matches(
                "(?s).*api->catalog\\s+uds\\s+echo\\s+closed\\s+\\S+\\s+\\S+\\s+\\S+\\s+1000\\s.*"), table.out());

            try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(state.resolve("panel.sock"))))
            {
                final byte[] garbage = "\u0000\u00ffnot a request".getBytes(StandardCharsets.UTF_8);
                raw.write(ByteBuffer.allocate(4 + garbage.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(garbage.length).put(garbage).flip());
                assertTrue(answer(raw).contains("\"ok\":false"), "garbage gets an error");
                raw.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE)
                    .putInt(0).flip());
                assertEquals("{\"error\":\"request over the 16384-byte limit\",\"format\":\"rtt.panel/1\"," +
                    "\"ok\":false}", answer(raw), "an oversized request gets an error");
            }

            final Run routes = cli("routes", shop.toString());
            assertEquals(0, routes.exit(), routes.err());
            assertTrue(routes.out().contains("8 of 8 committed routes served"), "the panel stays up: " + routes.out());
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        finally
        {
            final Run stop = jar("serve", "--stop", shop.toString());
            assertEquals(0, stop.exit(), stop.out() + stop.err());
            assertEquals("panel pid " + pid + " stopped at its control socket's request\n", stop.out());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the process ended");
        assertLeftNothing(state);
        assertTrue(Files.readString(state.resolve("panel.log")).contains("panel pid " + pid + " stopped"));
    }

    @Test
    void shouldStopAPanelWhoseControlSocketIsGoneBySigterm() throws Exception
    {
        final Path shop = committedShop(dir);
        final long pid = detach(shop);
        final Path state = shop.resolve(".rtt");
        Files.delete(state.resolve("panel.sock"));

        final Run stop = jar("serve", "--stop", shop.toString());

        assertEquals(0, stop.exit(), stop.out() + stop.err());
        assertEquals("panel pid " + pid + " stopped by SIGTERM, as it did not answer on its control socket\n",
            stop.out());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the process ended");
        assertLeftNothing(state);
    }

    private static void assertLeftNothing(final Path state) throws Exception
    {
        assertFalse(Files.exists(state.resolve("panel.pid")), "the pid file is gone");
        assertFalse(Files.exists(state.resolve("panel.sock")), "the socket is gone");
        try (Stream<Path> left = Files.list(state.resolve("lanes")))
        {
            assertEquals(List.of(), left.toList(), "lane files, sockets and routes.json are gone");
        }
    }

    /** One length-prefixed answer from a blocking channel. */
    private static String answer(final SocketChannel channel) throws Exception
    {
        final ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (length.hasRemaining() && channel.read(length) >= 0)
        {
            Thread.onSpinWait();
        }
        final ByteBuffer body = ByteBuffer.allocate(length.getInt(0));
        while (body.hasRemaining() && channel.read(body) >= 0)
        {
            Thread.onSpinWait();
        }
        return new String(body.array(), StandardCharsets.UTF_8);
    }
}
