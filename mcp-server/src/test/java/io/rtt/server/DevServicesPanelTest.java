package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.json.Json;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.query.QueryRequest;
import io.rtt.engine.query.QueryResult;
import io.rtt.engine.services.DevServices;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.verify.VerifyReport;
import io.rtt.testsupport.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled example on a machine where nothing listens for its Postgres and Redis: the panel starts a throwaway
 * server for each (the installed ones), serves every route, and verify passes; closing the panel stops them.
 */
class DevServicesPanelTest
{
    @TempDir
    Path dir;

    @Test
    void shouldServeEveryRouteOfTheExampleThroughDevServicesAndStopThemOnClose() throws IOException
    {
        final Path shop = Examples.copy("shop", dir);
        final Engine engine = Engine.open(shop);
        Keyring.of(engine.workspace()).init("alice");
        final Plan plan = engine.plan();
        engine.applier().sign(plan, null, 0, Duration.ofHours(1));
        assertTrue(engine.applier().apply(plan, false).committed());
        final List<RouteStatus> routes;
        try (Panel panel = Panel.start(new Panel.Context().engine(engine)))
        {
            routes = panel.status();
            assertEquals(routes.size(), routes.stream().filter(RouteStatus::served).count(), routes.toString());
            try (RouteClient db = RouteClient.connect(shop, "api->db");
                RouteClient cache = RouteClient.connect(shop, "api->cache"))
            {
                assertTrue(new String(db.request("{\"sql\":\"select 1 as one\"}".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(10)).join(), StandardCharsets.UTF_8).contains("\"rows\":[[1]]"));
                assertEquals("\"PONG\"", new String(cache.request("[\"PING\"]".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(10)).join(), StandardCharsets.UTF_8));
            }
            assertTrue(routes.stream().filter(r -> r.route().equals("api->db")).allMatch(r ->
                r.backend().endsWith("(dev service)")), routes.toString());
            final QueryResult counted = engine.query(new QueryRequest("db", "select ?::int + 1 as n",
                Json.MAPPER.readTree("[41]"), false, Duration.ofSeconds(10)));
            assertEquals("{\"columns\":[\"n\"],\"types\":[\"int4\"],\"rows\":[[42]]}", counted.answer().toString());
            final RttException refused = assertThrows(RttException.class, () -> engine.query(new QueryRequest("db",
                "create table notes(body text)", null, false, Duration.ofSeconds(10))));
            assertEquals("db refused the query: ERROR: cannot execute CREATE TABLE in a read-only transaction",
                refused.getMessage());
            final Path touched = dir.resolve("touched");
            final RttException program = assertThrows(RttException.class, () -> engine.query(new QueryRequest("db",
                "copy (select 1) to program 'touch " + touched + "'", null, true, Duration.ofSeconds(10))));
            assertTrue(program.getMessage().startsWith("db refused the query: ERROR: must be superuser or have " +
                "privileges of the pg_execute_server_program role"), program.getMessage());
            assertFalse(Files.exists(touched), "the dev service's driver is no superuser");
            final VerifyReport verify = engine.verify(Duration.ofSeconds(30));
            assertTrue(verify.passed(), verify.failures().toString());
        }
        try (var services = Files.list(engine.workspace().layout().servicesDir()))
        {
            assertTrue(services.allMatch(d -> !Files.exists(d.resolve(DevServices.PID_FILE))),
                "every dev service stopped with the panel");
        }
    }
}
