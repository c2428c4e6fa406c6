package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.telemetry.MetricsReport;
import io.rtt.engine.telemetry.RouteWindow;
import io.rtt.testsupport.Examples;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panel's control socket, spoken to by the engine's facade and by a raw client: status and windowed metrics of a
 * panel serving real traffic, stop, and a socket that survives garbage, oversized requests, silent clients and too
 * many connections.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PanelControlTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String POLICY = "routes:\n  \"api->catalog\": { lane: uds }\n";

    @TempDir
    Path dir;

    private static Panel start(final Engine engine)
    {
        return Panel.start(new Panel.Context().engine(engine));
    }

    @Test
    void shouldAnswerStatusAndWindowedMetricsOfTheLivePanelAfterRealTraffic() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, POLICY);
        try (Panel panel = start(engine))
        {
            try (RouteClient catalog = RouteClient.connect(engine.workspace().root(), "api->catalog"))
            {
                final List<CompletableFuture<byte[]>> answers = new ArrayList<>();
                for (int i = 0; i < 300; i++)
                {
                    answers.add(catalog.request(("sku-" + i).getBytes(StandardCharsets.UTF_8), TIMEOUT));
                }
                for (int i = 0; i < 300; i++)
                {
                    assertArrayEquals(("sku-" + i).getBytes(StandardCharsets.UTF_8), answers.get(i).join());
                }
            }

            final PanelStatus status = engine.panelStatus();
            assertEquals(ProcessHandle.current().pid(), status.pid());
            assertEquals(engine.workspace().root().toString(), status.workspace());
            assertEquals(engine.workspace().layout().panelSocket().toString(), status.controlSocket());
            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES, status.served());
            assertEquals(panel.status(), status.routes());
            assertEquals(engine.log().size(), status.headSeq());
            assertEquals(engine.applier().head().digest(), status.headGraph());
            assertEquals(-1, status.metricsPort());
            assertEquals(panel.status(), engine.routes(), "rtt routes reads the live panel");
            assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(engine.workspace().layout().panelSocket())));

            final MetricsReport report = engine.metrics("api->catalog", Duration.ofSeconds(30));
            assertEquals(30, report.windowSeconds());
            assertEquals(1, report.routes().size());
            final RouteWindow catalog = report.routes().get(0);
            assertEquals("api->catalog", catalog.route());
            assertEquals("uds", catalog.lane());
            assertEquals(300, catalog.requests());
            assertEquals(300, catalog.responses());
            assertEquals(0, catalog.errors());
            assertEquals(300, catalog.latency().samples());
            assertTrue(catalog.bytesIn() > 0 && catalog.bytesIn() == catalog.bytesOut(), catalog.toString());
            assertTrue(catalog.seconds() > 0 && catalog.requestsPerSecond() > 0, catalog.toString());
            final RouteWindow.Latency latency = catalog.latency();
            assertTrue(latency.p50Us() > 0 && latency.p50Us() <= latency.p95Us() &&
                latency.p95Us() <= latency.p99Us() && latency.p99Us() <= latency.p999Us() &&
                latency.p999Us() <= latency.maxUs(), latency.toString());

            assertEquals(List.of("api->cache", "api->catalog", "worker->cache", "worker->ledger"),
                engine.metrics(null, Duration.ofMinutes(1)).routes().stream().map(RouteWindow::route).toList());
            final RttException unknown = assertThrows(RttException.class,
                () -> engine.metrics("api->nowhere", Duration.ofSeconds(10)));
            assertEquals(RttException.Kind.BAD_INPUT, unknown.kind());
            assertEquals("the panel refused the request: route api->nowhere is not served by this panel; it serves " +
                "api->cache, api->catalog, worker->cache, worker->ledger", unknown.getMessage());
            final RttException tooLong = assertThrows(RttException.class,
                () -> engine.metrics(null, Duration.ofMinutes(2)));
            assertEquals("window of 120 s: expected whole seconds from 1 s to 60 s (the panel keeps that many " +
                "one-second slices)", tooLong.getMessage());
        }
    }

    @Test
    void shouldAnswerTheStatusRequestThatProtocolMdShowsByteForByte() throws Exception
    {
        Path doc = Path.of("").toAbsolutePath();
        while (!Files.exists(doc.resolve("docs/PROTOCOL.md")))
        {
            doc = doc.getParent();
        }
        final String hex = Files.readAllLines(doc.resolve("docs/PROTOCOL.md"), StandardCharsets.UTF_8).stream()
            .dropWhile(line -> !line.startsWith("## Panel control"))
            .filter(line -> line.matches("`[0-9a-f]+`"))
            .findFirst().orElseThrow().replace("`", "");
        final byte[] frame = HexFormat.of().parseHex(hex);
        final Engine engine = CommittedShop.commit(dir, POLICY);
        try (Panel panel = start(engine);
            SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(
                engine.workspace().layout().panelSocket())))
        {
            raw.write(ByteBuffer.wrap(frame));
            final String answer = read(raw);
            assertTrue(answer.startsWith("{\"format\":\"rtt.panel/1\",\"ok\":true,\"result\":{\"controlSocket\":"),
                answer);
            assertTrue(answer.contains("\"pid\":" + ProcessHandle.current().pid() + ","), answer);
        }
    }

    @Test
    void shouldAnswerGarbageWithAnErrorAndOversizedRequestsWithAnErrorAndCloseThenKeepServing() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, POLICY);
        try (Panel panel = start(engine))
        {
            final Path socket = engine.workspace().layout().panelSocket();
            assertTrue(answer(socket, "this is not json").startsWith(
                "{\"error\":\"malformed request: not JSON: "), "garbage");
            assertEquals("{\"error\":\"malformed request: expected a JSON object\",\"format\":\"rtt.panel/1\"," +
                "\"ok\":false}", answer(socket, "[1,2,3]"));
            assertEquals("{\"error\":\"unsupported format \\\"rtt.panel/9\\\"; expected \\\"rtt.panel/1\\\"\"," +
                "\"format\":\"rtt.panel/1\",\"ok\":false}",
                answer(socket, "{\"format\":\"rtt.panel/9\",\"verb\":\"status\"}"));
            assertEquals("{\"error\":\"unknown verb \\\"reboot\\\"; verbs: status, metrics, probe, record, canary, " +
                "stop\",\"format\":\"rtt.panel/1\",\"ok\":false}",
                answer(socket, "{\"format\":\"rtt.panel/1\",\"verb\":\"reboot\"}"));
            assertEquals("{\"error\":\"windowSeconds must be an integer from 1 to 60, got 1000000\"," +
                "\"format\":\"rtt.panel/1\",\"ok\":false}",
                answer(socket, "{\"format\":\"rtt.panel/1\",\"verb\":\"metrics\",\"windowSeconds\":1000000}"));

            try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(socket)))
            {
                final ByteBuffer huge = ByteBuffer.allocate(4 + 1024).order(ByteOrder.LITTLE_ENDIAN);
                huge.putInt(1_000_000).put(new byte[1024]).flip();
                raw.write(huge);
                assertEquals("{\"error\":\"request over the 16384-byte limit\",\"format\":\"rtt.panel/1\"," +
                    "\"ok\":false}", read(raw));
                assertEquals(-1, raw.read(ByteBuffer.allocate(1)), "the connection is closed after it");
            }

            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES, engine.panelStatus().served(),
                "the panel still answers");
            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES,
                panel.status().stream().filter(RouteStatus::served).count(),
                "and still serves");
        }
    }

    @Test
    void shouldServeOthersWhileAClientSendsHalfARequestAndTurnAwayTooManyConnections() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, POLICY);
        final List<SocketChannel> held = new ArrayList<>();
        try (Panel panel = start(engine))
        {
            final Path socket = engine.workspace().layout().panelSocket();
            final SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            held.add(silent);
            silent.write(ByteBuffer.wrap(new byte[] {10, 0}));
            assertEquals(panel.status(), engine.panelStatus().routes(), "a half-sent request stalls no one");

            for (int i = 0; i < PanelControl.MAX_CONNECTIONS; i++)
            {
                held.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
            }
            assertEquals("{\"error\":\"too many control connections (32 open); try again\"," +
                "\"format\":\"rtt.panel/1\",\"ok\":false}", read(firstAnswering(held.subList(1, held.size()))),
                "one more connection than allowed is answered at once, and only with a refusal");
            CloseHelper.closeAll(held.subList(1, held.size()));

            assertEquals(-1, silent.read(ByteBuffer.allocate(1)), "the silent client is dropped once idle");
            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES, eventually(engine).served(),
                "and the panel answers again once connections close");
        }
        finally
        {
            CloseHelper.closeAll(held);
        }
    }

    @Test
    void shouldStopWhenAskedOverTheSocketAndThenSayNoPanelServes() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, POLICY);
        final Panel panel = start(engine);
        try
        {
            final DetachedPanel.Stop stop = engine.stopPanel();
            assertEquals(new DetachedPanel.Stop(true, ProcessHandle.current().pid(),
                "stopped at its control socket's request"), stop);
            assertFalse(engine.panelRunning());
            assertFalse(Files.exists(engine.workspace().layout().panelSocket()), "the socket file is gone");
            final String none = "no panel serves this workspace: run `rtt serve --detach " +
                engine.workspace().root() + "`";
            final RttException status = assertThrows(RttException.class, engine::panelStatus);
            assertEquals(RttException.Kind.REFUSED, status.kind());
            assertEquals(none, status.getMessage());
            assertEquals(none, assertThrows(RttException.class,
                () -> engine.metrics(null, Duration.ofSeconds(60))).getMessage());
            assertTrue(engine.routes().stream().allMatch(r -> !r.served()), "routes seen from outside");
            assertEquals(new DetachedPanel.Stop(false, 0, none), engine.stopPanel(), "stopping twice does nothing");
        }
        finally
        {
            panel.close();
        }
    }

    @Test
    void shouldUnlinkAStaleSocketAndRefuseOneALiveProcessAnswersOn() throws Exception
    {
        final Engine engine = CommittedShop.commit(dir, POLICY);
        final Path socket = engine.workspace().layout().panelSocket();
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "a dead server leaves its socket file");
        try (Panel panel = start(engine))
        {
            assertEquals(CommittedShop.SERVED_WITHOUT_POSTGRES, engine.panelStatus().served());
        }

        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            live.bind(UnixDomainSocketAddress.of(socket));
            final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start(engine));
            assertEquals("the panel control socket " + socket + " is served by a live process", refused.getMessage());
            assertFalse(engine.panelRunning(), "the failed start let go of the workspace");
        }
    }

    @Test
    void shouldListenInTheShortLaneDirectoryWhenTheWorkspaceIsTooDeepForSunPath() throws Exception
    {
        final Path deep = Files.createDirectories(dir.resolve("a".repeat(60)).resolve("b".repeat(60)));
        final Engine engine = Engine.open(Examples.copy("shop", deep));
        try (Panel panel = start(engine))
        {
            final PanelStatus status = engine.panelStatus();
            assertTrue(status.controlSocket().startsWith(System.getProperty("java.io.tmpdir")),
                status.controlSocket());
            assertTrue(status.controlSocket().endsWith("/panel.sock"), status.controlSocket());
            assertEquals(0, status.headSeq(), "nothing committed");
        }
    }

    /** The workspace's panel's status, once it answers: connections it turned away may take a moment to close. */
    private static PanelStatus eventually(final Engine engine)
    {
        final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true)
        {
            try
            {
                return engine.panelStatus();
            }
            catch (final RttException ex)
            {
                if (System.nanoTime() - giveUpAt > 0)
                {
                    throw ex;
                }
                Thread.yield();
            }
        }
    }

    /**
     * The first of some connections that has something to read, back in blocking mode: the connection the panel
     * turned away (which one that is depends on when the panel saw an earlier client leave).
     */
    private static SocketChannel firstAnswering(final List<SocketChannel> channels) throws IOException
    {
        final SocketChannel ready;
        try (Selector selector = Selector.open())
        {
            for (final SocketChannel channel : channels)
            {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
            }
            assertTrue(selector.select(TimeUnit.SECONDS.toMillis(30)) > 0, "a connection was turned away");
            ready = (SocketChannel)selector.selectedKeys().iterator().next().channel();
        }
        for (final SocketChannel channel : channels)
        {
            channel.configureBlocking(true);
        }
        return ready;
    }

    private static String answer(final Path socket, final String request) throws IOException
    {
        return new String(PanelClient.exchange(socket, request.getBytes(StandardCharsets.UTF_8), TIMEOUT),
            StandardCharsets.UTF_8);
    }

    /** One length-prefixed answer from a blocking channel. */
    private static String read(final SocketChannel channel) throws IOException
    {
        final ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (length.hasRemaining())
        {
            if (channel.read(length) < 0)
            {
                throw new IOException("closed before an answer");
            }
        }
        final ByteBuffer body = ByteBuffer.allocate(length.getInt(0));
        while (body.hasRemaining())
        {
            if (channel.read(body) < 0)
            {
                throw new IOException("closed in the middle of an answer");
            }
        }
        return new String(body.array(), StandardCharsets.UTF_8);
    }
}
