package io.rtt.engine.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.RouteStatus;


import io.rtt.engine.telemetry.RouteCounter;
import io.rtt.engine.telemetry.RouteMetrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sqlite driver's limits, through a real panel route to a real database (issue 11, "Every resource bounded"):
 * a runaway statement is stopped at the route's deadline, a pragma that could corrupt the database is refused, no
 * value or answer larger than the route's messages is built, and after each refusal the route still serves and the
 * database is intact.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqliteRouteLimitsTest
{
    /** How long a client waits: far longer than any limit, so an answer that comes is the driver's doing. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ROUTE = "app->ledger";
    private static final String FOREVER =
        "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c";

    @TempDir
    Path dir;

    private Engine engine;
    private Panel panel;
    private RouteClient ledger;

    @BeforeEach
    void serve() throws IOException
    {
        engine = commit("""
            services:
              app:
                build: ./app
                depends_on: [ledger]
              ledger:
                image: keinos/sqlite3:3.47.2
            """, "routes:\n  \"app->ledger\": { deadlineMs: 1000 }\n");
        panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1));
        final List<RouteStatus> status = panel.reconcile();
        assertTrue(status.stream().anyMatch(s -> s.route().equals(ROUTE) && s.served()), status.toString());
        ledger = RouteClient.connect(engine.workspace().root(), ROUTE);
        assertEquals("{\"changes\":0}", sql("create table entries(id integer primary key, amount integer)"));
        assertEquals("{\"changes\":1}", sql("insert into entries(amount) values (42)"));
    }

    @AfterEach
    void close()
    {
        if (ledger != null)
        {
            ledger.close();
        }
        if (panel != null)
        {
            panel.close();
        }
    }

    @Test
    void shouldStopAStatementThatRunsPastTheRoutesDeadline() throws Exception
    {
        final String stopped = "statement stopped after 1000 ms, the route's deadline (deadlineMs; 5000 ms for a " +
            "route without one); its changes are undone";
        assertEquals(stopped, error(FOREVER));
        assertEquals(stopped, error("with recursive c(x) as (select 1 union all select x + 1 from c) " +
            "insert into entries(amount) select x from c"));
        assertStillServingAnIntactDatabase(2);
    }

    @Test
    void shouldBindTypedParametersAndKeepAReadOnlyRequestFromWriting() throws Exception
    {
        assertEquals("{\"columns\":[\"s\",\"n\",\"x\",\"nil\",\"t\"],\"rows\":[[\"it's\",8,2.5,null,\"real\"]]}",
            sql("{\"sql\":\"select ? as s, ? + 1 as n, ? * 2 as x, ? as nil, typeof(?) as t\", " +
                "\"params\":[\"it's\", 7, 1.25, null, 0.5]}"));
        assertEquals("{\"columns\":[\"n\"],\"rows\":[[1]]}",
            sql("{\"sql\":\"select count(*) as n from entries where amount = ?\", \"params\":[42], " +
                "\"readOnly\":true}"));
        assertEquals("[SQLITE_READONLY] Attempt to write a readonly database (attempt to write a readonly database)",
            error("{\"sql\":\"insert into entries(amount) values (?)\", \"params\":[1], \"readOnly\":true}"));
        assertTrue(error("{\"sql\":\"pragma query_only = 0\", \"readOnly\":true}").startsWith("PRAGMA " +
            "query_only with a value is refused"), "a read-only request cannot turn the guard off");
        assertEquals("unknown field \"sq\": a sqlite request is a statement's text, {\"sql\": \"...\", \"params\": " +
            "[...]} or {\"tx\": [{\"sql\": \"...\", \"params\": [...]}, ...]}, optionally with \"readOnly\": true",
            error("{\"sq\":\"select 1\",\"sql\":\"select 1\"}"));
        assertEquals("{\"changes\":0}", sql("{\"sql\":\"delete from entries where amount = ?\", " +
            "\"params\":[-1]}"), "the next request writes again");
        assertStillServingAnIntactDatabase(3);
    }

    @Test
    void shouldRefuseAPragmaThatCouldCorruptTheDatabase() throws Exception
    {
        final String refused = "PRAGMA writable_schema with a value is refused: the sqlite driver keeps the " +
            "database's schema, journal, durability and memory settings; a request may set only application_id, " +
            "case_sensitive_like, defer_foreign_keys, foreign_keys, recursive_triggers, user_version";
        assertEquals(refused, error("PRAGMA writable_schema=ON"));
        assertEquals(refused, error("  /* a comment */ pragma main.\"writable_schema\" = 1"));
        assertEquals(refused, error("explain pragma [writable_schema](1)"));
        assertEquals(refused.replace("writable_schema", "journal_mode"), error("PRAGMA journal_mode = OFF"));
        assertEquals(refused.replace("writable_schema", "synchronous"), error("pragma synchronous=off"));
        final String update = error("update sqlite_master set sql = 'create table entries(broken' " +
            "where name = 'entries'");
        assertTrue(update.contains("table sqlite_master may not be modified"), update);
        assertEquals("{\"columns\":[\"writable_schema\"],\"rows\":[[0]]}", sql("pragma writable_schema"));
        assertTrue(sql("pragma foreign_keys = on").startsWith("{\"changes\":"));
        assertEquals("{\"columns\":[\"foreign_keys\"],\"rows\":[[1]]}", sql("pragma foreign_keys"));
        assertEquals("{\"columns\":[\"cid\",\"name\",\"type\",\"notnull\",\"dflt_value\",\"pk\"],\"rows\":[" +
            "[0,\"id\",\"INTEGER\",0,null,1],[1,\"amount\",\"INTEGER\",0,null,0]]}", sql("pragma table_info(entries)"));
        assertStillServingAnIntactDatabase(6);
    }

    @Test
    void shouldNotWriteAFileOutsideTheDatabase() throws Exception
    {
        final Path elsewhere = dir.resolve("elsewhere.db");
        assertTrue(error("backup to " + elsewhere).contains("syntax error"));
        assertTrue(error("restore from " + elsewhere).contains("syntax error"));
        assertTrue(error("vacuum into '" + elsewhere + "'").contains("too many attached databases"));
        assertFalse(Files.exists(elsewhere), "a statement wrote " + elsewhere);
        assertStillServingAnIntactDatabase(3);
    }

    @Test
    void shouldRefuseAValueLargerThanTheRoutesMessagesBeforeBuildingIt() throws Exception
    {
        final String tooBig = "a string or blob is larger than the route's 65536-byte message limit (maxMessageBytes)";
        assertEquals(tooBig, error("select zeroblob(200000000)"));
        assertEquals(tooBig, error("select length(zeroblob(200000000))"));
        assertEquals(tooBig, error("select printf('%.200000c', 'x')"));
        assertEquals(tooBig, error("insert into entries(amount) values (randomblob(70000))"));
        assertStillServingAnIntactDatabase(4);
    }

    @Test
    void shouldRefuseAnAnswerLargerThanTheRoutesMessages() throws Exception
    {
        final String tooLarge = "the answer is larger than the route's 65536-byte message limit (maxMessageBytes); " +
            "select fewer rows or columns, or page with LIMIT/OFFSET";
        assertEquals(tooLarge, error("with recursive c(x) as (select 1 union all select x + 1 from c) " +
            "select x from c"));
        assertEquals(tooLarge, error("with recursive c(x) as (select 1 union all select x + 1 from c limit 100) " +
            "select x, printf('%.1000c', 'y') from c"));
        assertStillServingAnIntactDatabase(2);
    }

    /** The route is served, counted {@code errors} errors, and the database answers and checks out intact. */
    private void assertStillServingAnIntactDatabase(final int errors) throws Exception
    {
        assertEquals("{\"columns\":[\"n\",\"total\"],\"rows\":[[1,42]]}",
            sql("select count(*) as n, sum(amount) as total from entries"));
        assertEquals("{\"columns\":[\"integrity_check\"],\"rows\":[[\"ok\"]]}", sql("pragma integrity_check"));
        assertTrue(panel.status().stream().anyMatch(s -> s.route().equals(ROUTE) && s.served()),
            panel.status().toString());
        final RouteMetrics metrics = panel.metrics().stream().filter(m -> m.route().equals(ROUTE)).findFirst()
            .orElseThrow();
        assertEquals(errors, metrics.get(RouteCounter.ERRORS));
        final Path database = engine.workspace().layout().dataDir().resolve("ledger.sqlite");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database);
            Statement statement = other.createStatement();
            ResultSet rows = statement.executeQuery("select count(*) from entries"))
        {
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1), "another connection reads the table");
        }
        catch (final SQLException ex)
        {
            throw new AssertionError("another connection cannot read " + database, ex);
        }
    }

    private String sql(final String statement)
    {
        return new String(ledger.request(statement.getBytes(StandardCharsets.UTF_8), TIMEOUT).join(),
            StandardCharsets.UTF_8);
    }

    private String error(final String statement)
    {
        final CompletionException ex = assertThrows(CompletionException.class, () -> sql(statement), statement);
        assertInstanceOf(RouteErrorException.class, ex.getCause(), statement);
        return ex.getCause().getMessage();
    }

    /** A workspace of one compose file and its policy, its plan signed by a local key and applied. */
    private Engine commit(final String compose, final String policy) throws IOException
    {
        final Path root = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(root.resolve("compose.yaml"), compose);
        Files.writeString(root.resolve("rtt.yaml"), policy);
        return CommittedWorkspace.commit(root);
    }
}
