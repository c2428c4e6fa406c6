package io.rtt.drivers.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverContext;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.DriverLimits;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Qos;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import io.rtt.testsupport.DriverVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postgres driver against a real PostgreSQL 15, logged in as a plain role: every documented type, parameters,
 * errors, the deadline, the answer's limit, transactions, Supabase's claims under Row Level Security, and what a
 * request cannot reach.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PostgresDriverTest
{
    private static PostgresCluster cluster;

    @TempDir
    Path dir;

    private Driver driver;

    @BeforeAll
    static void startPostgres() throws Exception
    {
        cluster = PostgresCluster.start();
        cluster.superuserInRtt(
            "CREATE TABLE todos (id bigint PRIMARY KEY, owner text, public boolean NOT NULL, title text)",
            "ALTER TABLE todos OWNER TO rtt",
            "INSERT INTO todos VALUES (1, 'alice', true, 'shared'), (2, 'alice', false, 'alice only'), " +
                "(3, 'bob', false, 'bob only')",
            "ALTER TABLE todos ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY anon_reads_public ON todos FOR SELECT TO anon USING (public)",
            "CREATE POLICY owner_reads_own ON todos FOR SELECT TO authenticated USING " +
                "(public OR owner = current_setting('request.jwt.claims', true)::json->>'sub')",
            "GRANT SELECT ON todos TO anon, authenticated, service_role");
    }

    @AfterAll
    static void stopPostgres() throws Exception
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @BeforeEach
    void startDriver() throws Exception
    {
        driver = driver(cluster.tcpUrl(), new Qos(0, 1, 1_000, 64 * 1024));
    }

    @AfterEach
    void closeDriver() throws Exception
    {
        driver.close();
    }

    @Test
    void shouldAnswerAQueryWithEveryDocumentedType() throws Exception
    {
        assertEquals("{\"columns\":[\"i\",\"b\",\"n\",\"f\",\"t\",\"ok\",\"ts\",\"tsz\",\"d\",\"bin\",\"j\",\"jb\"," +
            "\"arr\",\"tarr\",\"nothing\"],\"types\":[\"int4\",\"int8\",\"numeric\",\"float8\",\"text\",\"bool\"," +
            "\"timestamp\",\"timestamptz\",\"date\",\"bytea\",\"json\",\"jsonb\",\"_int4\",\"_text\",\"text\"]," +
            "\"rows\":[[42,9007199254740993,\"12345678901234567890.123456789\",1.5,\"hé\",true," +
            "\"2024-01-02T03:04:05.123456\",\"2024-01-02T03:04:05Z\",\"2024-01-02\",\"AAH/\",{\"a\": [1, 2]}," +
            "{\"b\": null},[1,null,3],[\"x\",\"y\"],null]]}",
            request("{\"sql\":\"SELECT 42 AS i, 9007199254740993::bigint AS b, " +
                "12345678901234567890.123456789::numeric AS n, 1.5::float8 AS f, 'hé' AS t, true AS ok, " +
                "'2024-01-02 03:04:05.123456'::timestamp AS ts, '2024-01-02 03:04:05+00'::timestamptz AS tsz, " +
                "'2024-01-02'::date AS d, '\\\\x0001ff'::bytea AS bin, '{\\\"a\\\": [1, 2]}'::json AS j, " +
                "'{\\\"b\\\": null}'::jsonb AS jb, ARRAY[1, NULL, 3] AS arr, ARRAY['x', 'y'] AS tarr, " +
                "NULL::text AS nothing\"}"));
    }

    @Test
    void shouldAnswerTheGoldenVectorsOfTheProtocol() throws Exception
    {
        cluster.superuserInRtt("CREATE TABLE ledger (id int PRIMARY KEY, amount int)",
            "ALTER TABLE ledger OWNER TO rtt");
        DriverVectors.check("postgres", 7, this::request);
    }

    @Test
    void shouldBindParametersTypedFromJson() throws Exception
    {
        assertEquals("{\"columns\":[\"s\",\"n\",\"big\",\"dec\",\"yes\",\"nil\",\"doc\"],\"types\":[\"text\"," +
            "\"int8\",\"numeric\",\"numeric\",\"bool\",\"text\",\"jsonb\"],\"rows\":[[\"it's\",7," +
            "\"123456789012345678901234567890\",\"0.1\",true,null,{\"k\": [1, true]}]]}",
            request("{\"sql\":\"SELECT ?::text AS s, ? + 0 AS n, ?::numeric AS big, ?::numeric AS dec, " +
                "NOT ? AS yes, ?::text AS nil, ?::jsonb AS doc\", \"params\":[\"it's\", 7, " +
                "123456789012345678901234567890, 0.1, false, null, {\"k\": [1, true]}]}"));
        assertEquals("{\"changes\":0}", request("{\"sql\":\"UPDATE todos SET title = title WHERE id = ?\"," +
            "\"params\":[999]}"));
    }

    @Test
    void shouldAnswerASqlErrorWithPostgresMessageAndKeepServing() throws Exception
    {
        assertEquals("ERROR: relation \"nowhere\" does not exist", error("{\"sql\":\"SELECT * FROM nowhere\"}"));
        assertEquals("ERROR: division by zero", error("{\"sql\":\"SELECT 1 / ?\", \"params\":[0]}"));
        assertTrue(error("{\"sql\": 1}").startsWith("the request has no \"sql\" string"));
        assertTrue(error("not json").startsWith("the request is not JSON"));
        assertEquals("{\"columns\":[\"?column?\"],\"types\":[\"int4\"],\"rows\":[[1]]}",
            request("{\"sql\":\"SELECT 1\"}"));
    }

    @Test
    void shouldCancelAStatementPastTheRoutesDeadline() throws Exception
    {
        assertEquals("statement cancelled after 1000 ms, the route's deadline (deadlineMs; 5000 ms for a route " +
            "without one); its transaction is rolled back", error("{\"sql\":\"SELECT pg_sleep(30)\"}"));
        assertEquals("{\"columns\":[\"?column?\"],\"types\":[\"int4\"],\"rows\":[[1]]}",
            request("{\"sql\":\"SELECT 1\"}"));
    }

    @Test
    void shouldRefuseAnAnswerLargerThanTheRoutesMessages() throws Exception
    {
        final String tooLarge = "the answer is larger than the route's 65536-byte message limit " +
            "(maxMessageBytes); select fewer rows or columns, or page with LIMIT/OFFSET";
        assertEquals(tooLarge, error("{\"sql\":\"SELECT g FROM generate_series(1, 1000000) g\"}"));
        assertEquals(tooLarge, error("{\"sql\":\"SELECT repeat('x', 10000000)\"}"));
        assertEquals("{\"columns\":[\"?column?\"],\"types\":[\"int4\"],\"rows\":[[1]]}",
            request("{\"sql\":\"SELECT 1\"}"));
    }

    @Test
    void shouldRollBackATransactionWhenOneStatementFails() throws Exception
    {
        request("{\"sql\":\"CREATE TABLE accounts (id int PRIMARY KEY, amount int)\"}");
        assertEquals("{\"results\":[{\"changes\":1},{\"changes\":1},{\"columns\":[\"n\"],\"types\":[\"int8\"]," +
            "\"rows\":[[2]]}]}", request("{\"tx\":[{\"sql\":\"INSERT INTO accounts VALUES (?, ?)\"," +
            "\"params\":[1, 10]}, {\"sql\":\"INSERT INTO accounts VALUES (2, 20)\"}, " +
            "{\"sql\":\"SELECT count(*) AS n FROM accounts\"}]}"));
        final String failed = error("{\"tx\":[{\"sql\":\"INSERT INTO accounts VALUES (3, 30)\"}, " +
            "{\"sql\":\"INSERT INTO accounts VALUES (1, 10)\"}]}");
        assertTrue(failed.startsWith("statement 2 of 2: ERROR: duplicate key value violates unique constraint"),
            failed);
        assertTrue(failed.endsWith("; the transaction is rolled back"), failed);
        assertEquals("{\"columns\":[\"sum\"],\"types\":[\"int8\"],\"rows\":[[30]]}",
            request("{\"sql\":\"SELECT sum(amount) FROM accounts\"}"));
    }

    @Test
    void shouldApplyRowLevelSecurityAsTheClaimsRole() throws Exception
    {
        assertEquals("{\"columns\":[\"id\"],\"types\":[\"int8\"],\"rows\":[[1]]}",
            request("{\"sql\":\"SELECT id FROM todos ORDER BY id\", \"claims\":{\"role\":\"anon\"}}"));
        assertEquals("{\"columns\":[\"id\"],\"types\":[\"int8\"],\"rows\":[[1],[2]]}",
            request("{\"sql\":\"SELECT id FROM todos ORDER BY id\", " +
                "\"claims\":{\"role\":\"authenticated\",\"sub\":\"alice\"}}"));
        assertEquals("{\"results\":[{\"columns\":[\"id\"],\"types\":[\"int8\"],\"rows\":[[1],[3]]}," +
            "{\"columns\":[\"me\",\"r\"],\"types\":[\"text\",\"name\"],\"rows\":[[\"bob\",\"authenticated\"]]}]}",
            request("{\"tx\":[{\"sql\":\"SELECT id FROM todos ORDER BY id\"}, {\"sql\":\"SELECT " +
                "current_setting('request.jwt.claims', true)::json->>'sub' AS me, current_user AS r\"}], " +
                "\"claims\":{\"role\":\"authenticated\",\"sub\":\"bob\"}}"));
        assertEquals("{\"columns\":[\"id\"],\"types\":[\"int8\"],\"rows\":[[1],[2],[3]]}",
            request("{\"sql\":\"SELECT id FROM todos ORDER BY id\", \"claims\":{\"role\":\"service_role\"}}"));
        assertEquals("claims.role must be one of anon, authenticated, service_role; it is \"postgres\"",
            error("{\"sql\":\"SELECT 1\", \"claims\":{\"role\":\"postgres\"}}"));
        assertEquals("{\"columns\":[\"current_user\"],\"types\":[\"name\"],\"rows\":[[\"rtt\"]]}",
            request("{\"sql\":\"SELECT current_user\"}"), "the role ends with its transaction");
    }

    @Test
    void shouldRefuseWritingFilesOrRunningProgramsAsAPlainRole() throws Exception
    {
        final Path file = dir.resolve("x");
        final String program = error("{\"sql\":\"COPY (SELECT 1) TO PROGRAM 'touch " + file + "'\"}");
        assertTrue(program.startsWith("ERROR: must be superuser or have privileges of the pg_execute_server_program"),
            program);
        final String copy = error("{\"sql\":\"COPY (SELECT 1) TO '/tmp/rtt-pg-copy-x'\"}");
        assertTrue(copy.startsWith("ERROR: must be superuser or have privileges of the pg_write_server_files"),
            copy);
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(Path.of("/tmp/rtt-pg-copy-x")));
        final String read = error("{\"sql\":\"SELECT pg_read_file('/etc/passwd')\"}");
        assertTrue(read.startsWith("ERROR: permission denied for function pg_read_file"), read);
    }

    @Test
    void shouldKeepAReadOnlyRequestFromWritingWhateverItRuns() throws Exception
    {
        assertEquals("{\"columns\":[\"n\"],\"types\":[\"int8\"],\"rows\":[[3]]}",
            request("{\"sql\":\"SELECT count(*) AS n FROM todos\", \"readOnly\":true}"));
        assertEquals("ERROR: cannot execute UPDATE in a read-only transaction",
            error("{\"sql\":\"UPDATE todos SET title = 'x'\", \"readOnly\":true}"));
        assertEquals("statement 2 of 2: ERROR: transaction read-write mode must be set before any query; the " +
            "transaction is rolled back", error("{\"tx\":[{\"sql\":\"SELECT 1\"}, {\"sql\":\"SET TRANSACTION READ " +
            "WRITE\"}], \"readOnly\":true}"));
        assertEquals("statement 2 of 2: a read-only request left its read-only transaction; statements that end or " +
            "begin transactions are refused in one; the transaction is rolled back", error("{\"tx\":[{\"sql\":" +
            "\"COMMIT\"}, {\"sql\":\"DELETE FROM todos\"}], \"readOnly\":true}"));
        request("{\"sql\":\"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY\", \"readOnly\":true}");
        assertEquals("{\"columns\":[\"titles\"],\"types\":[\"int8\"],\"rows\":[[3]]}",
            request("{\"sql\":\"SELECT count(DISTINCT title) AS titles FROM todos\"}"), "nothing was written");
        assertEquals("{\"changes\":0}", request("{\"sql\":\"UPDATE todos SET title = title WHERE id = 999\"}"),
            "a session setting a read-only request made is undone with it");
        assertEquals("readOnly is not a boolean: a postgres request is {\"sql\": \"...\", \"params\": [...]} or " +
            "{\"tx\": [{\"sql\": \"...\", \"params\": [...]}, ...]}, optionally with \"claims\": {\"role\": ...} and " +
            "\"readOnly\": true", error("{\"sql\":\"SELECT 1\", \"readOnly\":\"yes\"}"));
    }

    @Test
    void shouldRefuseSeveralStatementsInOneSql() throws Exception
    {
        final String refused = "one statement per \"sql\", without ';' between statements; send several as " +
            "{\"tx\": [...]}";
        assertEquals(refused, error("{\"sql\":\"SELECT 1; DROP TABLE todos\"}"));
        assertEquals(refused, error("{\"sql\":\"SELECT 1;SELECT 2;\"}"));
        assertEquals("{\"columns\":[\"?column?\"],\"types\":[\"text\"],\"rows\":[[\"a;b\"]]}",
            request("{\"sql\":\"SELECT 'a;b';\"}"));
        assertEquals("{\"columns\":[\"n\"],\"types\":[\"int8\"],\"rows\":[[3]]}",
            request("{\"sql\":\"SELECT count(*) AS n FROM todos\", \"claims\":{\"role\":\"service_role\"}}"));
    }

    @Test
    void shouldServeOverTheUnixSocket() throws Exception
    {
        try (Driver socket = driver(cluster.socketUrl(), Qos.DEFAULT))
        {
            socket.probe();
            final ExpandableArrayBuffer out = new ExpandableArrayBuffer();
            final byte[] bytes = "{\"sql\":\"SELECT inet_client_addr() IS NULL AS local\"}"
                .getBytes(StandardCharsets.UTF_8);
            final int length = socket.handle(new UnsafeBuffer(bytes), 0, bytes.length, out);
            assertEquals("{\"columns\":[\"local\"],\"types\":[\"bool\"],\"rows\":[[true]]}",
                out.getStringWithoutLengthUtf8(0, length));
        }
    }

    @Test
    void shouldProbeWithSelectOneAndRefuseToStartWithoutAServer() throws Exception
    {
        driver.probe();
        final Exception ex = assertThrows(Exception.class, () -> driver("postgresql://rtt@127.0.0.1:1/rtt",
            Qos.DEFAULT));
        assertTrue(ex.getMessage().startsWith("postgres at postgresql://rtt@127.0.0.1:1/rtt is unreachable: "),
            ex.getMessage());
    }

    static Driver driver(final String url, final Qos qos) throws Exception
    {
        final Component db = new Component("db", "db", ComponentKind.DATASTORE, "postgres", null, null,
            "postgres:15", List.of(), List.of());
        final PostgresDriverProvider provider = new PostgresDriverProvider();
        final DriverEndpoint endpoint = new DriverEndpoint(URI.create(url), DriverEndpoint.Source.ENVIRONMENT);
        return provider.create(new DriverContext(db, endpoint, qos, DriverLimits.of(qos), Path.of("unused"),
            SystemEpochNanoClock.INSTANCE));
    }

    private String request(final String json) throws Exception
    {
        return request(driver, json);
    }

    static String request(final Driver driver, final String json) throws Exception
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        final int length = driver.handle(new UnsafeBuffer(bytes), 0, bytes.length, out);
        return out.getStringWithoutLengthUtf8(0, length);
    }

    private String error(final String json)
    {
        return assertThrows(Exception.class, () -> request(json), json).getMessage();
    }
}
