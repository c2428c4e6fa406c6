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
 * Neo4j stopped mid-traffic: the driver answers each request with an error naming the failure (none hangs), and
 * serves again once Neo4j is back on its port, reconnecting by itself.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Neo4jRestartTest
{
    private static final String RETURN_ONE = "{\"cypher\":\"RETURN 1 AS one\"}";
    private static final String ONE = "{\"columns\":[\"one\"],\"rows\":[[1]]}";
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long RECOVERY_NS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void shouldAnswerErrorsWhileNeo4jIsDownAndServeAgainOnceItIsBack() throws Exception
    {
        final Neo4jServer server = Neo4jServer.shared();
        try (Driver driver = Neo4jDriverTest.driver(server.url(), new Qos(0, 1, 2_000, 64 * 1024)))
        {
            for (int i = 0; i < 20; i++)
            {
                assertEquals(ONE, Neo4jDriverTest.request(driver, RETURN_ONE));
            }
            server.stop();
            try
            {
                final IOException broken = assertThrows(IOException.class,
                    () -> Neo4jDriverTest.request(driver, RETURN_ONE));
                assertTrue(broken.getMessage().startsWith("neo4j at " + server.url() + " failed: "),
                    broken.getMessage());
                assertTrue(broken.getMessage().endsWith("; the driver reconnects"), broken.getMessage());
                for (int i = 0; i < 5; i++)
                {
                    final IOException down = assertThrows(IOException.class,
                        () -> Neo4jDriverTest.request(driver, RETURN_ONE));
                    assertTrue(down.getMessage().startsWith("neo4j at " + server.url() + " is unreachable: "),
                        down.getMessage());
                }
                assertThrows(IOException.class, driver::probe);
            }
            finally
            {
                server.start();
            }
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
                    assertTrue(ex.getMessage().contains(" is unreachable: "), ex.getMessage());
                    // the driver answers at once during its backoff: pause between polls
                    LockSupport.parkNanos(POLL_NS);
                }
            }
            assertEquals(ONE, answer);
            driver.probe();
        }
    }
}
