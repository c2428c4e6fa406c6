package io.rtt.drivers.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.model.Qos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A postmaster killed with SIGKILL mid-traffic: the driver answers each request with an error naming the failure
 * (none hangs), and serves again once Postgres is back, reconnecting by itself.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PostgresRestartTest
{
    private static final String SELECT_ONE = "{\"sql\":\"SELECT 1 AS one\"}";
    private static final String ONE = "{\"columns\":[\"one\"],\"types\":[\"int4\"],\"rows\":[[1]]}";
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long RECOVERY_NS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void shouldAnswerErrorsWhilePostgresIsDownAndServeAgainOnceItIsBack() throws Exception
    {
        try (PostgresCluster cluster = PostgresCluster.start();
            Driver driver = PostgresDriverTest.driver(cluster.tcpUrl(), new Qos(0, 1, 2_000, 64 * 1024)))
        {
            for (int i = 0; i < 20; i++)
            {
                assertEquals(ONE, PostgresDriverTest.request(driver, SELECT_ONE));
            }
            cluster.kill();
            final Exception broken = assertThrows(Exception.class,
                () -> PostgresDriverTest.request(driver, SELECT_ONE));
            assertTrue(broken.getMessage().startsWith("postgres at " + cluster.tcpUrl()),
                broken.getMessage());
            for (int i = 0; i < 5; i++)
            {
                final Exception down = assertThrows(Exception.class,
                    () -> PostgresDriverTest.request(driver, SELECT_ONE));
                assertTrue(down.getMessage().contains("is unreachable: "), down.getMessage());
            }
            assertThrows(Exception.class, driver::probe);
            cluster.restart();
            final long deadline = System.nanoTime() + RECOVERY_NS;
            String answer = null;
            while (answer == null)
            {
                try
                {
                    answer = PostgresDriverTest.request(driver, SELECT_ONE);
                }
                catch (final Exception ex)
                {
                    assertTrue(System.nanoTime() - deadline < 0, "not serving again within 60 s: " + ex);
                    assertTrue(ex.getMessage().contains("is unreachable: "), ex.getMessage());
                    // the driver answers at once during its backoff: pause between polls
                    LockSupport.parkNanos(POLL_NS);
                }
            }
            assertEquals(ONE, answer);
            driver.probe();
        }
    }
}
