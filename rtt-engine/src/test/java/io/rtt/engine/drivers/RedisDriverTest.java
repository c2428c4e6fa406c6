package io.rtt.engine.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Qos;
import io.rtt.engine.model.Route;
import io.rtt.engine.model.Slo;
import io.rtt.testsupport.DriverVectors;
import io.rtt.testsupport.RedisServer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code redis} driver against a real, throwaway {@code redis-server}: every RESP reply type, errors, the deny
 * list, AUTH, limits, and a server killed mid-traffic.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisDriverTest
{
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final Component APP = new Component("app", "app", ComponentKind.SERVICE, null, null, null, null,
        List.of(), List.of());
    private static final Component CACHE = new Component("cache", "cache", ComponentKind.DATASTORE, "redis", null,
        null, "redis:7", List.of(), List.of());

    @TempDir
    Path dir;

    private RedisServer server;
    private final Map<String, String> environment = new HashMap<>();

    @AfterEach
    void stopServer() throws Exception
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void shouldAnswerEveryReplyTypeOverTheUnixSocket() throws Exception
    {
        server = RedisServer.start(dir, null);
        environment.put("RTT_ENDPOINT_CACHE", server.socket().toString());
        try (Driver driver = start(Qos.DEFAULT))
        {
            assertEquals("\"OK\"", call(driver, "[\"SET\",\"greeting\",\"héllo\"]"));
            assertEquals("\"héllo\"", call(driver, "[\"GET\",\"greeting\"]"));
            assertEquals("null", call(driver, "[\"GET\",\"missing\"]"));
            assertEquals("5", call(driver, "[\"INCRBY\",\"n\",5]"));
            assertEquals("2", call(driver, "[\"rpush\",\"list\",\"a\",\"b\"]"));
            assertEquals("[\"a\",\"b\"]", call(driver, "[\"LRANGE\",\"list\",\"0\",\"-1\"]"));
            assertEquals("[]", call(driver, "[\"LRANGE\",\"nothing\",\"0\",\"-1\"]"));
            assertEquals("\"OK\"", call(driver, "[\"SET\",\"bytes\",{\"base64\":\"/wA=\"}]"));
            assertEquals("{\"base64\":\"/wA=\"}", call(driver, "[\"GET\",\"bytes\"]"));
            assertEquals("[\"héllo\",null,{\"base64\":\"/wA=\"}]",
                call(driver, "[\"MGET\",\"greeting\",\"missing\",\"bytes\"]"));
            assertEquals("\"PONG\"", call(driver, "[\"PING\"]"));
            driver.probe();
        }
    }

    @Test
    void shouldAnswerTheGoldenVectorsOfTheProtocolDocument() throws Exception
    {
        server = RedisServer.start(dir, null);
        environment.put("RTT_ENDPOINT_CACHE", server.socket().toString());
        try (Driver driver = start(Qos.DEFAULT))
        {
            DriverVectors.check("redis", 11, request -> call(driver, request));
        }
    }

    @Test
    void shouldAnswerOverTcpAndTurnRedisErrorsIntoErrorFrames() throws Exception
    {
        server = RedisServer.start(dir, null);
        environment.put("RTT_ENDPOINT_CACHE", server.tcp());
        try (Driver driver = start(Qos.DEFAULT))
        {
            assertEquals("\"OK\"", call(driver, "[\"SET\",\"k\",\"v\"]"));
            assertTrue(error(driver, "[\"LPUSH\",\"k\",\"x\"]").startsWith("WRONGTYPE Operation against a key"));
            assertTrue(error(driver, "[\"NOPE\"]").startsWith("ERR unknown command 'NOPE'"));
            assertEquals("a redis request is a non-empty JSON array such as [\"GET\",\"key\"]",
                error(driver, "{\"GET\":\"k\"}"));
            assertEquals("argument 1 must be a string, a whole number or {\"base64\":\"...\"}, got boolean",
                error(driver, "[\"GET\",true]"));
            assertTrue(error(driver, "[\"GET\",").startsWith("a redis request is a JSON array"));
            assertEquals("\"v\"", call(driver, "[\"GET\",\"k\"]"), "the driver goes on after each error");
        }
    }

    @Test
    void shouldPipelineABatchAndGiveEachRequestItsOwnOutcome() throws Exception
    {
        server = RedisServer.start(dir, null);
        environment.put("RTT_ENDPOINT_CACHE", server.tcp());
        try (Driver driver = start(Qos.DEFAULT))
        {
            assertEquals(64, driver.batchLimit());
            final List<String> requests = List.of("[\"SET\",\"k\",\"v\"]", "[\"GET\",", "[\"LPUSH\",\"k\",\"x\"]",
                "[\"CONFIG\",\"GET\",\"dir\"]", "[\"INCR\",\"n\"]", "[\"GET\",\"k\"]", "[\"INCR\",\"n\"]");
            final Map<Integer, String> outcomes = new HashMap<>();
            driver.handleBatch(new DriverBatch()
            {
                @Override
                public int size()
                {
                    return requests.size();
                }

                @Override
                public DirectBuffer buffer(final int index)
                {
                    return new UnsafeBuffer(requests.get(index).getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public int offset(final int index)
                {
                    return 0;
                }

                @Override
                public int length(final int index)
                {
                    return requests.get(index).getBytes(StandardCharsets.UTF_8).length;
                }

                @Override
                public void answer(final int index, final DirectBuffer answer, final int length)
                {
                    assertNull(outcomes.put(index, answer.getStringWithoutLengthUtf8(0, length)), "one outcome each");
                }

                @Override
                public void refuse(final int index, final String message)
                {
                    assertNull(outcomes.put(index, "refused: " + message), "one outcome each");
                }
            });
            assertEquals("\"OK\"", outcomes.get(0));
            assertTrue(outcomes.get(1).startsWith("refused: a redis request is a JSON array"), outcomes.get(1));
            assertEquals("refused: WRONGTYPE Operation against a key holding the wrong kind of value", outcomes.get(2));
            assertTrue(outcomes.get(3).startsWith("refused: command CONFIG is refused"), outcomes.get(3));
            assertEquals("1", outcomes.get(4));
            assertEquals("\"v\"", outcomes.get(5), "the replies after an error reply stay in step");
            assertEquals("2", outcomes.get(6));
            assertEquals(requests.size(), outcomes.size());
            assertEquals("3", call(driver, "[\"INCR\",\"n\"]"), "one request at a time goes on after a batch");
        }
    }

    @Test
    void shouldRefuseCommandsThatReachFilesOrReconfigureTheServer() throws Exception
    {
        server = RedisServer.start(dir, null);
        environment.put("RTT_ENDPOINT_CACHE", server.tcp());
        try (Driver driver = start(Qos.DEFAULT))
        {
            assertEquals("command CONFIG is refused by the redis driver: it reaches the server's files or " +
                "reconfigures it", error(driver, "[\"config\",\"set\",\"dir\",\"/etc\"]"));
            for (final String command : List.of("SAVE", "BGSAVE", "BGREWRITEAOF", "MODULE", "SHUTDOWN", "SLAVEOF",
                "REPLICAOF", "DEBUG", "MIGRATE", "ACL", "EVAL", "SCRIPT", "FUNCTION", "SSUBSCRIBE", "MONITOR",
                "MULTI", "SELECT", "AUTH", "CLIENT", "HELLO", "QUIT"))
            {
                assertTrue(error(driver, "[\"" + command + "\",\"x\"]").startsWith("command " + command +
                    " is refused by the redis driver: it "), command);
            }
            assertEquals("\"PONG\"", call(driver, "[\"PING\"]"));
            assertEquals("command SUBSCRIBE is a subscription, served on a route of the panel: send it there, and its " +
                "messages come as event frames", error(driver, "[\"SUBSCRIBE\",\"news\"]"));
            assertEquals("command SET is refused in a read-only request: it may write or block; read-only commands " +
                "are Redis's readonly ones, such as GET, MGET, HGETALL, SCAN",
                error(driver, "{\"command\":[\"set\",\"k\",\"v\"],\"readOnly\":true}"));
            assertEquals("null", call(driver, "{\"command\":[\"GET\",\"k\"],\"readOnly\":true}"));
            assertEquals("command CONFIG is refused by the redis driver: it reaches the server's files or " +
                "reconfigures it", error(driver, "{\"command\":[\"CONFIG\",\"GET\",\"dir\"]}"));
            assertTrue(error(driver, "{\"command\":[\"GET\",\"k\"],\"other\":1}").startsWith("a redis request " +
                "object is"));
        }
    }

    @Test
    void shouldAuthWithTheSecretFromTheEnvironmentAndNeverSayIt() throws Exception
    {
        server = RedisServer.start(dir, "s3cret-pass");
        environment.put("RTT_ENDPOINT_CACHE", server.socket().toString());
        try (Driver unauthenticated = start(Qos.DEFAULT))
        {
            assertTrue(error(unauthenticated, "[\"GET\",\"k\"]").startsWith("NOAUTH"));
        }
        environment.put("RTT_SECRET_CACHE", "s3cret-pass");
        try (Driver driver = start(Qos.DEFAULT))
        {
            assertEquals("\"OK\"", call(driver, "[\"SET\",\"k\",\"v\"]"));
            driver.probe();
        }
        environment.put("RTT_SECRET_CACHE", "wrong-pass");
        final Exception refused = assertThrows(Exception.class, () -> start(Qos.DEFAULT).close());
        assertTrue(refused.getMessage().startsWith("redis at unix:" + server.socket() + " (environment): AUTH " +
            "with the secret from RTT_SECRET_CACHE refused: WRONGPASS"), refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-pass"), refused.getMessage());
    }

    @Test
    void shouldRefuseAReplyLargerThanTheRouteCarriesAndGoOn() throws Exception
    {
        server = RedisServer.start(dir, null);
        environment.put("RTT_ENDPOINT_CACHE", server.tcp());
        try (Driver driver = start(new Qos(0, 1, 0, 1024)))
        {
            assertEquals("\"OK\"", call(driver, "[\"SET\",\"big\",\"" + "x".repeat(2000) + "\"]"));
            assertEquals("the reply is larger than the route's 1024-byte message limit (maxMessageBytes)",
                error(driver, "[\"GET\",\"big\"]"));
            assertEquals("\"OK\"", call(driver, "[\"SET\",\"small\",\"y\"]"));
            assertEquals("\"y\"", call(driver, "[\"GET\",\"small\"]"));
        }
    }

    @Test
    void shouldStopWaitingAtTheRouteDeadlineAndGoOn() throws Exception
    {
        server = RedisServer.start(dir, null);
        environment.put("RTT_ENDPOINT_CACHE", server.tcp());
        try (Driver driver = start(new Qos(0, 1, 200, Qos.DEFAULT.maxMessageBytes())))
        {
            assertTrue(error(driver, "[\"BLPOP\",\"empty\",\"30\"]").startsWith("redis at " + server.tcp() +
                " did not answer within 200 ms, the route's deadline"));
            assertEquals("\"PONG\"", call(driver, "[\"PING\"]"));
        }
    }

    @Test
    void shouldAnswerWithErrorsWhileRedisIsDeadAndServeAgainOnceItIsBack() throws Exception
    {
        server = RedisServer.start(dir, null);
        environment.put("RTT_ENDPOINT_CACHE", server.tcp());
        try (Driver driver = start(Qos.DEFAULT))
        {
            assertEquals("\"OK\"", call(driver, "[\"SET\",\"k\",\"before\"]"));
            server.kill();
            final String lost = error(driver, "[\"GET\",\"k\"]");
            assertTrue(lost.startsWith("redis at " + server.tcp() + ": connection lost") ||
                lost.startsWith("redis at " + server.tcp() + " is unreachable"), lost);
            for (int i = 0; i < 20; i++)
            {
                assertTrue(error(driver, "[\"GET\",\"k\"]").startsWith("redis at " + server.tcp() +
                    " is unreachable"));
            }
            assertThrows(Exception.class, driver::probe);

            server.restart();
            final long deadlineNs = System.nanoTime() + RECOVERY.toNanos();
            String answer = null;
            while (answer == null && System.nanoTime() - deadlineNs < 0)
            {
                try
                {
                    answer = call(driver, "[\"SET\",\"k\",\"after\"]");
                }
                catch (final Exception ex)
                {
                    assertTrue(ex.getMessage().startsWith("redis at " + server.tcp() + " is unreachable"),
                        ex.getMessage());
                    Thread.onSpinWait();
                }
            }
            assertEquals("\"OK\"", answer, "serves again within " + RECOVERY);
            assertEquals("\"after\"", call(driver, "[\"GET\",\"k\"]"));
            driver.probe();
        }
    }

    @Test
    void shouldNotStartWhereNoRedisAnswersAndSayWhereItLookedAndHowToPointIt() throws Exception
    {
        environment.put("RTT_ENDPOINT_CACHE", "unix:" + dir.resolve("none.sock"));
        final Exception ex = assertThrows(Exception.class, () -> start(Qos.DEFAULT).close());
        assertTrue(ex.getMessage().startsWith("cannot reach redis at unix:" + dir.resolve("none.sock") +
            " (environment): "), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("; start it, or point RTT_ENDPOINT_CACHE or rtt.yaml " +
            "components.cache.endpoint at it"), ex.getMessage());
    }

    /** The redis golden vectors of docs/PROTOCOL.md, read from the document itself: name, request, answer. */
    private Driver start(final Qos qos) throws Exception
    {
        final Route route = new Route("app->cache", "app", "cache", Lane.UDS, "redis", qos, Slo.NONE);
        final Graph graph = new Graph(Graph.FORMAT, List.of(APP, CACHE), List.of(route));
        return Drivers.start(route, graph, dir, new EndpointResolver(Map.of(), Map.of(), environment::get, p -> false));
    }

    private static String call(final Driver driver, final String request) throws Exception
    {
        final byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        final int length = driver.handle(new UnsafeBuffer(bytes), 0, bytes.length, out);
        return out.getStringWithoutLengthUtf8(0, length);
    }

    private static String error(final Driver driver, final String request)
    {
        return assertThrows(Exception.class, () -> call(driver, request)).getMessage();
    }
}
