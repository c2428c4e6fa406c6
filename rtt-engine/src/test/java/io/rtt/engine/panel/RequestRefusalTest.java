package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import io.rtt.engine.Engine;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that keeps sending bad requests gets an error frame for each, counted, and does not open the route's
 * circuit breaker: the backend answered every one, and cutting it off would fail every other client too.
 */
class RequestRefusalTest
{
    @TempDir
    Path dir;

    @Test
    void shouldAnswerBadStatementsWithErrorsAndKeepTheBreakerClosed() throws IOException
    {
        final Engine engine = CommittedShop.commit(dir, null);
        try (Panel panel = Panel.start(new Panel.Context().engine(engine));
            RouteClient ledger = RouteClient.connect(engine.workspace().root(), "worker->ledger"))
        {
            for (int i = 0; i < 200; i++)
            {
                final CompletionException ex = assertThrows(CompletionException.class, () -> ledger.request(
                    "selec nothing".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10)).join());
                assertTrue(ex.getCause() instanceof RouteErrorException, ex.toString());
                assertTrue(ex.getCause().getMessage().contains("syntax error"), ex.getCause().getMessage());
            }
            final String answer = new String(ledger.request("select 1 as one".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10)).join(), StandardCharsets.UTF_8);

            assertTrue(answer.contains("\"rows\":[[1]]"), answer);
            final RouteStatus status = panel.status().stream().filter(s -> s.route().equals("worker->ledger"))
                .findFirst().orElseThrow();
            assertEquals("closed", status.breaker());
            final RouteMetrics metrics = panel.metrics().stream().filter(m -> m.route().equals("worker->ledger"))
                .findFirst().orElseThrow();
            assertEquals(200, metrics.get(RouteCounter.ERRORS));
            assertEquals(0, metrics.get(RouteCounter.SHORT_CIRCUITED));
        }
    }
}
