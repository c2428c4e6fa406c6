package io.rtt.engine.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Lane;
import io.rtt.engine.model.Qos;
import io.rtt.engine.model.Route;
import io.rtt.engine.model.Slo;
import io.rtt.testsupport.DriverVectors;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sqlite} driver's request forms, a statement's text and the JSON of statements with parameters and
 * transactions, against its golden vectors in docs/PROTOCOL.md.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SqliteDriverTest
{
    private static final Component APP = new Component("app", "app", ComponentKind.SERVICE, null, null, null, null,
        List.of(), List.of());
    private static final Component LEDGER = new Component("ledger", "ledger", ComponentKind.DATASTORE, "sqlite",
        null, null, "keinos/sqlite3:3.47.2", List.of(), List.of());

    @TempDir
    Path dir;

    @Test
    void shouldAnswerTheGoldenVectorsOfTheProtocolDocument() throws Exception
    {
        try (Driver driver = start())
        {
            DriverVectors.check("sqlite", 10, request -> call(driver, request));
        }
    }

    @Test
    void shouldRefuseMalformedJsonAndEmptyTransactionsAndGoOn() throws Exception
    {
        try (Driver driver = start())
        {
            assertTrue(error(driver, "{\"sql\":").startsWith("a sqlite request that starts with '{' is JSON, and " +
                "this one is not ("), "truncated JSON");
            assertEquals("tx is a non-empty array of statements, without sql: a sqlite request is a statement's " +
                "text, {\"sql\": \"...\", \"params\": [...]} or {\"tx\": [{\"sql\": \"...\", \"params\": [...]}, " +
                "...]}, optionally with \"readOnly\": true", error(driver, "{\"tx\":[]}"));
            assertEquals("tx[0]'s params is not an array: a sqlite request is a statement's text, {\"sql\": " +
                "\"...\", \"params\": [...]} or {\"tx\": [{\"sql\": \"...\", \"params\": [...]}, ...]}, optionally " +
                "with \"readOnly\": true", error(driver, "{\"tx\":[{\"sql\":\"SELECT 1\",\"params\":{}}]}"));
            assertEquals("{\"columns\":[\"n\"],\"rows\":[[\"12345678901234567890\"]]}",
                call(driver, "{\"sql\":\"SELECT ? AS n\",\"params\":[12345678901234567890]}"),
                "an integer past 64 bits binds as text");
            assertEquals("{\"columns\":[\"one\"],\"rows\":[[1]]}", call(driver, "  SELECT 1 AS one"));
        }
    }

    @Test
    void shouldRefuseAPragmaInsideATransactionBeforeRunningAnyOfIt() throws Exception
    {
        try (Driver driver = start())
        {
            call(driver, "CREATE TABLE t(x)");
            assertTrue(error(driver, "{\"tx\":[{\"sql\":\"INSERT INTO t VALUES (1)\"},{\"sql\":" +
                "\"PRAGMA writable_schema = 1\"}]}").contains("writable_schema"));
            assertEquals("{\"columns\":[\"n\"],\"rows\":[[0]]}", call(driver, "SELECT count(*) AS n FROM t"),
                "nothing of the refused transaction ran");
        }
    }

    private Driver start() throws Exception
    {
        final Route route = new Route("app->ledger", "app", "ledger", Lane.UDS, "sqlite", Qos.DEFAULT, Slo.NONE);
        return Drivers.start(route, new Graph(Graph.FORMAT, List.of(APP, LEDGER), List.of(route)), dir);
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
        return assertThrows(RequestRefusedException.class, () -> call(driver, request)).getMessage();
    }
}
