package io.rtt.drivers.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.model.Qos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Neo4j that stops answering with its connection open (behind a proxy that freezes): the request is given up after
 * twice the route's deadline plus a second, not waited on for ever; the driver drops its connection, and serves
 * again through a new one once the server answers.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Neo4jStalledServerTest
{
    private static final String RETURN_ONE = "{\"cypher\":\"RETURN 1 AS one\"}";
    private static final String ONE = "{\"columns\":[\"one\"],\"rows\":[[1]]}";
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long RECOVERY_NS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void shouldGiveUpOnAServerThatStopsAnsweringAndConnectAnewOnceItAnswers() throws Exception
    {
        final Neo4jServer server = Neo4jServer.shared();
        try (FreezingProxy proxy = FreezingProxy.start(server.port());
            Driver driver = Neo4jDriverTest.driver("bolt://neo4j@127.0.0.1:" + proxy.port(),
                new Qos(0, 1, 500, 64 * 1024)))
        {
            assertEquals(ONE, Neo4jDriverTest.request(driver, RETURN_ONE));
            proxy.freeze(true);
            final IOException stalled = assertThrows(IOException.class,
                () -> Neo4jDriverTest.request(driver, RETURN_ONE));
            assertEquals("neo4j at bolt://neo4j@127.0.0.1:" + proxy.port() + " failed: no answer within 2000 ms; " +
                "the driver reconnects", stalled.getMessage());
            final IOException unreachable = assertThrows(IOException.class,
                () -> Neo4jDriverTest.request(driver, RETURN_ONE));
            assertTrue(unreachable.getMessage().startsWith("neo4j at bolt://neo4j@127.0.0.1:" + proxy.port() +
                " is unreachable: "), unreachable.getMessage());
            proxy.freeze(false);
            final long deadline = System.nanoTime() + RECOVERY_NS;
            String answer = null;
            while (answer == null)
            {
                try
                {
                    answer = Neo4jDriverTest.request(driver, RETURN_ONE);
                }
                catch (final IOException ex)
                {
                    assertTrue(System.nanoTime() - deadline < 0, "not serving again within 60 s: " + ex);
                    // the driver answers at once during its backoff: pause between polls
                    LockSupport.parkNanos(POLL_NS);
                }
            }
            assertEquals(ONE, answer);
        }
    }
}
