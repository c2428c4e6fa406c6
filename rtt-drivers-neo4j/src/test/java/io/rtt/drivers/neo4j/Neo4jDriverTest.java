package io.rtt.drivers.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverContext;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.DriverLimits;
import io.rtt.engine.drivers.DriverSecret;
import io.rtt.engine.drivers.RequestRefusedException;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Qos;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import io.rtt.testsupport.DriverVectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;
import tools.jackson.databind.JsonNode;

/**
 * The neo4j driver against a real Neo4j 5.26 (the in-process harness, authentication on): every documented type,
 * parameters, transactions, errors, the deadline, the answer's limit, the golden vectors, and what a request cannot
 * reach or change.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Neo4jDriverTest
{
    private static Neo4jServer server;

    private Driver driver;

    @BeforeAll
    static void startNeo4j() throws Exception
    {
        server = Neo4jServer.shared();
    }

    @BeforeEach
    void startDriver() throws Exception
    {
        // a deadline no statement here comes near on a busy machine, but the one that tests it
        driver = driver(server.url(), new Qos(0, 1, 30_000, 64 * 1024));
    }

    @AfterEach
    void closeDriver() throws Exception
    {
        driver.close();
    }

    @Test
    void shouldAnswerTheGoldenVectorsOfTheProtocol() throws Exception
    {
        server.database().executeTransactionally("MATCH (n) DETACH DELETE n");
        DriverVectors.check("neo4j", 8, this::request);
    }

    @Test
    void shouldAnswerAQueryWithEveryDocumentedType() throws Exception
    {
        assertEquals("{\"columns\":[\"i\",\"big\",\"f\",\"inf\",\"ninf\",\"s\",\"ok\",\"nothing\",\"list\",\"map\"]," +
            "\"rows\":[[42,9007199254740993,1.5,\"Infinity\",\"-Infinity\",\"hé\",true,null,[1,[2,\"x\"]," +
            "{\"k\":null}],{\"a\":[1],\"b\":2}]]}",
            request("{\"cypher\":\"RETURN 42 AS i, 9007199254740993 AS big, 1.5 AS f, 1.0 / 0.0 AS inf, " +
                "-1.0 / 0.0 AS ninf, 'hé' AS s, true AS ok, null AS nothing, [1, [2, 'x'], {k: null}] AS list, " +
                "{b: 2, a: [1]} AS map\"}"));
        assertEquals("{\"columns\":[\"d\",\"lt\",\"t\",\"ldt\",\"dtz\",\"dt\",\"du\",\"p\",\"p3\"],\"rows\":[[" +
            "\"2024-01-02\",\"03:04:05.123\",\"03:04:05+01:00\",\"2024-01-02T03:04:05\",\"2024-01-02T03:04:05Z\"," +
            "\"2024-01-02T03:04:05+01:00[Europe/Paris]\",\"P14M3DT14706.500000000S\"," +
            "{\"srid\":7203,\"x\":1.5,\"y\":2.0},{\"srid\":4979,\"x\":2.0,\"y\":1.0,\"z\":3.0}]]}",
            request("{\"cypher\":\"RETURN date('2024-01-02') AS d, localtime('03:04:05.123') AS lt, " +
                "time('03:04:05+01:00') AS t, localdatetime('2024-01-02T03:04:05') AS ldt, " +
                "datetime('2024-01-02T03:04:05Z') AS dtz, datetime('2024-01-02T03:04:05[Europe/Paris]') AS dt, " +
                "duration('P1Y2M3DT4H5M6.5S') AS du, point({x: 1.5, y: 2}) AS p, " +
                "point({longitude: 2, latitude: 1, height: 3}) AS p3\"}"));
        // Cypher has no byte-array literal and JSON parameters make none: the embedded API stores one
        server.database().executeTransactionally("CREATE (:Blob {data: $data})",
            Map.of("data", new byte[] {0, 1, (byte)0xFF}));
        assertEquals("{\"columns\":[\"data\"],\"rows\":[[\"AAH/\"]]}",
            request("{\"cypher\":\"MATCH (b:Blob) RETURN b.data AS data\"}"));
    }

    @Test
    void shouldWriteNodesRelationshipsAndPathsWithTheirElementIds() throws Exception
    {
        final JsonNode answer = Json.MAPPER.readTree(request("{\"cypher\":\"CREATE p = (a:Person:Admin {name: " +
            "'Ann', age: 30})-[r:KNOWS {since: 2020}]->(b:Person {name: 'Ben'}) RETURN a, r, p, elementId(a), " +
            "elementId(b), elementId(r)\"}"));
        final JsonNode row = answer.get("rows").get(0);
        final String a = row.get(3).asString();
        final String b = row.get(4).asString();
        final String r = row.get(5).asString();
        final String ann = "{\"id\":\"" + a + "\",\"labels\":[\"Admin\",\"Person\"],\"properties\":{\"age\":30," +
            "\"name\":\"Ann\"}}";
        final String ben = "{\"id\":\"" + b + "\",\"labels\":[\"Person\"],\"properties\":{\"name\":\"Ben\"}}";
        final String knows = "{\"id\":\"" + r + "\",\"type\":\"KNOWS\",\"start\":\"" + a + "\",\"end\":\"" + b +
            "\",\"properties\":{\"since\":2020}}";
        assertEquals(Json.MAPPER.readTree(ann), row.get(0));
        assertEquals(Json.MAPPER.readTree(knows), row.get(1));
        assertEquals(Json.MAPPER.readTree("{\"nodes\":[" + ann + "," + ben + "],\"relationships\":[" + knows + "]}"),
            row.get(2));
        assertEquals("{\"nodesCreated\":2,\"relationshipsCreated\":1,\"propertiesSet\":4,\"labelsAdded\":3}",
            answer.get("counters").toString());
    }

    @Test
    void shouldBindParametersTypedFromJson() throws Exception
    {
        assertEquals("{\"columns\":[\"types\"],\"rows\":[[[\"STRING NOT NULL\",\"INTEGER NOT NULL\"," +
            "\"FLOAT NOT NULL\",\"BOOLEAN NOT NULL\",\"NULL\",\"LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL\"," +
            "\"MAP NOT NULL\"]]]}",
            request("{\"cypher\":\"RETURN [x IN [$s, $n, $f, $b, $nil, $list, $map] | valueType(x)] AS types\", " +
                "\"params\":{\"s\":\"it's\",\"n\":7,\"f\":0.1,\"b\":false,\"nil\":null,\"list\":[1,\"a\"]," +
                "\"map\":{\"k\":[1,true]}}}"));
        assertEquals("the request's params.n is 123456789012345678901234567890, past Cypher's 64-bit INTEGER; " +
            "send it as a string or a float", error("{\"cypher\":\"RETURN $n\", \"params\":{\"n\":" +
            "123456789012345678901234567890}}"));
        assertEquals("Neo.ClientError.Statement.ParameterMissing: Expected parameter(s): missing",
            error("{\"cypher\":\"RETURN $missing\"}"));
    }

    @Test
    void shouldCommitATransactionAndRollItBackWhenOneStatementFails() throws Exception
    {
        assertEquals("{\"columns\":[],\"rows\":[],\"counters\":{\"constraintsAdded\":1}}",
            request("{\"cypher\":\"CREATE CONSTRAINT account_id FOR (a:Account) REQUIRE a.id IS UNIQUE\"}"));
        assertEquals("{\"results\":[{\"columns\":[],\"rows\":[],\"counters\":{\"nodesCreated\":1," +
            "\"propertiesSet\":2,\"labelsAdded\":1}},{\"columns\":[],\"rows\":[],\"counters\":{\"nodesCreated\":1," +
            "\"propertiesSet\":2,\"labelsAdded\":1}},{\"columns\":[\"n\"],\"rows\":[[2]]}]}",
            request("{\"tx\":[{\"cypher\":\"CREATE (:Account {id: $id, amount: $amount})\"," +
                "\"params\":{\"id\":1,\"amount\":10}}, {\"cypher\":\"CREATE (:Account {id: 2, amount: 20})\"}, " +
                "{\"cypher\":\"MATCH (a:Account) RETURN count(a) AS n\"}]}"));
        final String failed = error("{\"tx\":[{\"cypher\":\"CREATE (:Account {id: 3, amount: 30})\"}, " +
            "{\"cypher\":\"CREATE (:Account {id: 1, amount: 10})\"}]}");
        assertTrue(failed.startsWith("statement 2 of 2: Neo.ClientError.Schema.ConstraintValidationFailed: "),
            failed);
        assertTrue(failed.endsWith("already exists with label `Account` and property `id` = 1; the transaction is " +
            "rolled back"), failed);
        assertEquals("{\"columns\":[\"total\"],\"rows\":[[30]]}",
            request("{\"cypher\":\"MATCH (a:Account) RETURN sum(a.amount) AS total\"}"));
    }

    @Test
    void shouldKeepAReadOnlyRequestFromWriting() throws Exception
    {
        request("{\"cypher\":\"CREATE (:Note {text: 'kept'})\"}");
        assertEquals("{\"columns\":[\"n\"],\"rows\":[[1]]}",
            request("{\"cypher\":\"MATCH (n:Note) RETURN count(n) AS n\", \"readOnly\":true}"));
        final String refused = error("{\"cypher\":\"CREATE (:Note {text: 'lost'})\", \"readOnly\":true}");
        assertTrue(refused.startsWith("Neo.ClientError."), refused);
        assertEquals("{\"columns\":[\"n\"],\"rows\":[[1]]}",
            request("{\"cypher\":\"MATCH (n:Note) RETURN count(n) AS n\"}"), "nothing was written");
        assertTrue(error("{\"cypher\":\"RETURN 1\", \"readOnly\":\"yes\"}").startsWith("readOnly is not a boolean"));
    }

    @Test
    void shouldAnswerACypherErrorWithNeo4jsMessageAndServeTheNextRequest() throws Exception
    {
        final RequestRefusedException syntax = assertThrows(RequestRefusedException.class,
            () -> request("{\"cypher\":\"RETURN 1 +\"}"));
        assertEquals("Neo.ClientError.Statement.SyntaxError: Invalid input '': expected an expression " +
            "(line 1, column 11 (offset: 10))", syntax.getMessage());
        assertEquals("{\"columns\":[\"one\"],\"rows\":[[1]]}", request("{\"cypher\":\"RETURN 1 AS one\"}"));
        assertEquals("Neo.ClientError.Statement.ArithmeticError: / by zero", error("{\"cypher\":\"RETURN 1 / 0\"}"));
        assertTrue(error("{\"cypher\":\"RETURN 1; RETURN 2\"}").startsWith("Neo.ClientError.Statement.SyntaxError"));
        assertTrue(error("not json").startsWith("the request is not JSON"));
        assertEquals("the request has no \"cypher\" string: a neo4j request is {\"cypher\": \"...\", \"params\": " +
            "{...}} or {\"tx\": [{\"cypher\": \"...\", \"params\": {...}}, ...]}, optionally with \"database\": " +
            "\"...\" and \"readOnly\": true", error("{\"cypher\": 1}"));
        assertTrue(error("{\"cypher\":\"RETURN $x\", \"params\":[1]}")
            .startsWith("the request's params is not an object of named parameters"));
        assertTrue(error("{\"tx\":[]}").startsWith("tx is a non-empty array of statements, without cypher"));
        assertTrue(error("[\"RETURN 1\"]").startsWith("the request is not a JSON object"));
        assertEquals("{\"columns\":[\"two\"],\"rows\":[[2]]}", request("{\"cypher\":\"RETURN 2 AS two\"}"));
    }

    @Test
    void shouldStopATransactionPastTheRoutesDeadline() throws Exception
    {
        try (Driver oneSecond = driver(server.url(), new Qos(0, 1, 1_000, 64 * 1024)))
        {
            final RequestRefusedException late = assertThrows(RequestRefusedException.class,
                () -> request(oneSecond, "{\"cypher\":\"UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 " +
                    "RETURN count(x)\"}"));
            assertEquals("transaction stopped after 1000 ms, the route's deadline (deadlineMs; 5000 ms for a route " +
                "without one); it is rolled back", late.getMessage());
            assertEquals("{\"columns\":[\"one\"],\"rows\":[[1]]}",
                request(oneSecond, "{\"cypher\":\"RETURN 1 AS one\"}"));
        }
    }

    @Test
    void shouldRefuseAnAnswerLargerThanTheRoutesMessages() throws Exception
    {
        final String tooLarge = "the answer is larger than the route's 65536-byte message limit (maxMessageBytes); " +
            "return fewer rows or columns, or page with SKIP/LIMIT";
        assertEquals(tooLarge, error("{\"cypher\":\"UNWIND range(1, 10000000) AS x RETURN x\"}"));
        assertEquals(tooLarge, error("{\"cypher\":\"RETURN range(1, 100000) AS xs\"}"));
        assertEquals(tooLarge, error("{\"cypher\":\"CREATE (:Big) WITH 1 AS one UNWIND range(1, 100000) AS x " +
            "RETURN x\"}"));
        assertEquals("{\"columns\":[\"n\"],\"rows\":[[0]]}",
            request("{\"cypher\":\"MATCH (b:Big) RETURN count(b) AS n\"}"), "the refused answer's writes rolled back");
    }

    @Test
    void shouldRefuseLoadCsvBeforeTheServerReadsAFile() throws Exception
    {
        for (final String cypher : List.of("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
            "load /* a comment */ csv FROM 'file:///etc/passwd' AS line RETURN line",
            "WITH 1 AS x\\nLOAD\\n// and another\\nCSV FROM $url AS line RETURN line",
            "CALL { LOAD CSV WITH HEADERS FROM 'file:///../../../etc/passwd' AS row RETURN row } RETURN row"))
        {
            assertEquals(Neo4jRequest.LOAD_CSV_REFUSED, error("{\"cypher\":\"" + cypher + "\"," +
                "\"params\":{\"url\":\"file:///etc/passwd\"}}"), cypher);
        }
        assertEquals("{\"columns\":[\"text\"],\"rows\":[[\"LOAD CSV\"]]}",
            request("{\"cypher\":\"RETURN 'LOAD CSV' AS text // LOAD CSV\"}"), "in a string or a comment it is text");
        // the server's own line, behind the driver's: its import directory set, as a packaged neo4j.conf sets it
        Files.writeString(Neo4jServer.IMPORT_DIR.resolve("inside.csv"), "inside\n");
        try (org.neo4j.driver.Driver direct = GraphDatabase.driver(URI.create("bolt://127.0.0.1:" + server.port()),
            AuthTokens.basic("neo4j", Neo4jServer.PASSWORD));
            Session session = direct.session())
        {
            assertEquals(List.of("inside"), session.run("LOAD CSV FROM 'file:///inside.csv' AS line RETURN line")
                .single().get(0).asList(), "file:/// is the import directory");
            final ClientException missing = assertThrows(ClientException.class,
                () -> session.run("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line").list());
            assertEquals("Neo.ClientError.Statement.ExternalResourceFailed", missing.code());
            assertEquals("Cannot load from URL 'file:///etc/passwd': Couldn't load the external resource at: " +
                "file:///etc/passwd ()", missing.getMessage(), "no etc/passwd in the import directory");
            final ClientException outside = assertThrows(ClientException.class,
                () -> session.run("LOAD CSV FROM 'file:///../../../../../../etc/passwd' AS line RETURN line")
                    .list());
            assertEquals("Neo.ClientError.Statement.ExternalResourceFailed", outside.code(), outside.getMessage());
        }
    }

    @Test
    void shouldRefuseAdministrationCommandsAndRollThemBack() throws Exception
    {
        assertEquals(Neo4jDriver.ADMINISTRATION_REFUSED,
            error("{\"cypher\":\"CREATE USER mallory SET PASSWORD 'mallory-pw' CHANGE NOT REQUIRED\"}"));
        assertEquals("statement 1 of 1: " + Neo4jDriver.ADMINISTRATION_REFUSED + "; the transaction is rolled back",
            error("{\"tx\":[{\"cypher\":\"ALTER USER neo4j SET PASSWORD 'taken-over' CHANGE NOT REQUIRED\"}]}"));
        final Object users = server.systemDatabase().executeTransactionally("SHOW USERS YIELD user RETURN " +
            "collect(user) AS users", Map.of(), result -> result.next().get("users"));
        assertEquals(List.of("neo4j"), users);
        assertEquals("{\"columns\":[\"one\"],\"rows\":[[1]]}", request("{\"cypher\":\"RETURN 1 AS one\"}"),
            "the driver's password is unchanged");
    }

    @Test
    void shouldRunOnTheDatabaseTheRequestNames() throws Exception
    {
        assertEquals("{\"columns\":[\"db\"],\"rows\":[[\"neo4j\"]]}",
            request("{\"cypher\":\"CALL db.info() YIELD name RETURN name AS db\", \"database\":\"neo4j\"}"));
        final String missing = error("{\"cypher\":\"RETURN 1\", \"database\":\"nowhere\"}");
        assertTrue(missing.startsWith("Neo.ClientError.Database.DatabaseNotFound: "), missing);
        assertTrue(error("{\"cypher\":\"RETURN 1\", \"database\":\" \"}").startsWith("database is not a " +
            "database's name"));
    }

    @Test
    void shouldProbeWithReturnOneAndRefuseToStartWithoutAServerOrItsPassword() throws Exception
    {
        driver.probe();
        final IOException closed = assertThrows(IOException.class, () -> driver("bolt://neo4j@127.0.0.1:1",
            Qos.DEFAULT));
        assertTrue(closed.getMessage().startsWith("cannot reach neo4j at bolt://neo4j@127.0.0.1:1 (environment): " +
            "Unable to connect to 127.0.0.1:1"), closed.getMessage());
        assertTrue(closed.getMessage().endsWith("running and that there is a working network connection to it; " +
            "start it, or point RTT_ENDPOINT_GRAPH or rtt.yaml components.graph.endpoint at it"), closed.getMessage());
        final IOException refused = assertThrows(IOException.class, () -> driver(server.url(), Qos.DEFAULT,
            new DriverSecret("wrong-password", "RTT_SECRET_GRAPH")));
        assertEquals("cannot reach neo4j at " + server.url() + " (environment): " +
            "Neo.ClientError.Security.Unauthorized: The client is unauthorized due to authentication failure; give " +
            "its password in RTT_SECRET_GRAPH or a file only its owner may read, named by rtt.yaml " +
            "components.graph.secretFile", refused.getMessage());
        final IllegalArgumentException socket = assertThrows(IllegalArgumentException.class,
            () -> driver("unix:/run/neo4j.sock", Qos.DEFAULT));
        assertEquals("a neo4j endpoint is bolt://user@host:7687 or neo4j://user@host:7687 (Bolt over TCP: the Java " +
            "driver has no Unix-socket transport), not unix:/run/neo4j.sock", socket.getMessage());
    }

    static Driver driver(final String url, final Qos qos) throws Exception
    {
        return driver(url, qos, new DriverSecret(Neo4jServer.PASSWORD, "RTT_SECRET_GRAPH"));
    }

    static Driver driver(final String url, final Qos qos, final DriverSecret secret) throws Exception
    {
        final Component graph = new Component("graph", "graph", ComponentKind.DATASTORE, "neo4j", null, null,
            "neo4j:5", List.of(), List.of());
        final DriverEndpoint endpoint = new DriverEndpoint(URI.create(url), DriverEndpoint.Source.ENVIRONMENT);
        return new Neo4jDriverProvider().create(new DriverContext(graph, endpoint, qos, DriverLimits.of(qos),
            Path.of("unused"), SystemEpochNanoClock.INSTANCE, secret));
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
