package io.rtt.engine.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rtt.engine.RttException;
import io.rtt.engine.drivers.internal.RedisDriverProvider;
import io.rtt.engine.drivers.internal.SqliteDriverProvider;
import io.rtt.engine.json.LocatedTree;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Endpoint resolution: each step on its own, and the order in which they win.
 */
class EndpointResolverTest
{
    private static final DriverProvider REDIS = new RedisDriverProvider();
    private static final Path DEBIAN_SOCKET = Path.of("/run/redis/redis-server.sock");
    private static final Path TMP_SOCKET = Path.of("/tmp/redis.sock");

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, EndpointResolver.Configured> configured = new HashMap<>();
    private final Map<String, List<Endpoint>> scanned = new HashMap<>();
    private Set<Path> sockets = Set.of();

    @Test
    void shouldShowAnEndpointWithoutThePasswordItsAddressCarries()
    {
        assertEquals("postgresql://app:***@127.0.0.1:5432/shop (environment)", new DriverEndpoint(
            URI.create("postgresql://app:s3cr%2Ft@127.0.0.1:5432/shop"), DriverEndpoint.Source.ENVIRONMENT).toString());
        assertEquals("postgresql://app@127.0.0.1:5432/shop", DriverEndpoint.redacted(
            URI.create("postgresql://app@127.0.0.1:5432/shop")), "a user without a password is shown as it is");
        assertEquals("unix:/run/redis/redis.sock", DriverEndpoint.redacted(URI.create("unix:/run/redis/redis.sock")));
    }

    @Test
    void shouldFallBackToTheDefaultPortWhenNothingNamesAPlace()
    {
        assertEquals(new DriverEndpoint(URI.create("tcp://127.0.0.1:6379"), DriverEndpoint.Source.DEFAULT_PORT),
            resolve(cache(List.of())));
        assertEquals("tcp://127.0.0.1:6379 (default port)", resolve(cache(List.of())).toString());
    }

    @Test
    void shouldPreferTheFirstWellKnownSocketThatExists()
    {
        sockets = Set.of(TMP_SOCKET);
        assertEquals(new DriverEndpoint(URI.create("unix:/tmp/redis.sock"),
            DriverEndpoint.Source.WELL_KNOWN_SOCKET), resolve(cache(List.of())));
        sockets = Set.of(TMP_SOCKET, DEBIAN_SOCKET);
        assertEquals(URI.create("unix:/run/redis/redis-server.sock"), resolve(cache(List.of())).address());
    }

    @Test
    void shouldMapAPublishedComposePortToLoopbackBeforeAWellKnownSocket()
    {
        sockets = Set.of(DEBIAN_SOCKET);
        final Component cache = cache(List.of(port("6380:6379"), port("16379:7000")));
        assertEquals(new DriverEndpoint(URI.create("tcp://127.0.0.1:6380"), DriverEndpoint.Source.SCAN),
            resolve(cache));
        assertEquals(URI.create("tcp://127.0.0.1:16379"), resolve(cache(List.of(port("127.0.0.1:16379:7000"))))
            .address(), "a published port whose container port is not the usual one still serves");
    }

    @Test
    void shouldTakeThePublishedPortFromTheIndexForAGraphComponentWithoutEvidence()
    {
        scanned.put("cache", List.of(port("6390:6379")));
        assertEquals(new DriverEndpoint(URI.create("tcp://127.0.0.1:6390"), DriverEndpoint.Source.SCAN),
            resolve(cache(List.of())));
    }

    @Test
    void shouldNotTakeAPortThatIsOnlyExposedOrNotPublishedForEvidence()
    {
        final Endpoint exposed = new Endpoint(Endpoint.Kind.PORT, "tcp", "6379",
            new Evidence("compose.yaml", 9, "expose: 6379"));
        final Endpoint containerOnly = new Endpoint(Endpoint.Kind.PORT, "tcp", "6379",
            new Evidence("compose.yaml", 10, "ports: 6379"));
        assertEquals(DriverEndpoint.Source.DEFAULT_PORT, resolve(cache(List.of(exposed, containerOnly))).source());
    }

    @Test
    void shouldPreferTheEnvironmentToTheScanAndReadItsVariableNameFromTheId()
    {
        final Component cache = cache(List.of(port("6380:6379")));
        environment.put("RTT_ENDPOINT_CACHE", "/var/run/custom.sock");
        assertEquals(new DriverEndpoint(URI.create("unix:/var/run/custom.sock"), DriverEndpoint.Source.ENVIRONMENT),
            resolve(cache));
        assertEquals("RTT_ENDPOINT_SESSION_STORE_2", EndpointResolver.variable(EndpointResolver.ENDPOINT_VARIABLE,
            "session-store.2"));
        environment.put("RTT_ENDPOINT_CACHE", "redis://:hunter2@127.0.0.1:6379");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> resolve(cache));
        assertTrue(ex.getMessage().startsWith("RTT_ENDPOINT_CACHE: endpoint must not carry a password"),
            ex.getMessage());
        assertFalse(ex.getMessage().contains("hunter2"), ex.getMessage());
    }

    @Test
    void shouldPreferRttYamlToEverythingElse()
    {
        environment.put("RTT_ENDPOINT_CACHE", "tcp://127.0.0.1:7000");
        sockets = Set.of(DEBIAN_SOCKET);
        configured.put("cache", new EndpointResolver.Configured(URI.create("redis://10.0.0.5:6379/2"), null));
        assertEquals(new DriverEndpoint(URI.create("redis://10.0.0.5:6379/2"), DriverEndpoint.Source.POLICY),
            resolve(cache(List.of(port("6380:6379")))));
    }

    @Test
    void shouldKeepTheDefaultEndpointOfADriverThatOwnsItsSystem()
    {
        environment.put("RTT_ENDPOINT_LEDGER", "tcp://127.0.0.1:1");
        final Component ledger = new Component("ledger", "ledger", ComponentKind.DATASTORE, "sqlite", null, null,
            null, List.of(port("8000:8000")), List.of());
        assertEquals(DriverEndpoint.Source.DATA_DIRECTORY,
            resolver().resolve(new SqliteDriverProvider(), ledger, dir).source());
    }

    @Test
    void shouldReadEndpointsAndSecretFilesFromRttYamlAndRefuseABadOneWithItsLine() throws Exception
    {
        final Map<String, EndpointResolver.Configured> read = EndpointResolver.configured(yaml("""
            components:
              cache: { endpoint: "/run/redis/redis-server.sock", secretFile: secrets/cache }
              db: { endpoint: "tcp://127.0.0.1:5432" }
              api: { priority: 3 }
            """), dir);
        assertEquals(Map.of("cache", new EndpointResolver.Configured(URI.create("unix:/run/redis/redis-server.sock"),
            dir.resolve("secrets/cache")), "db", new EndpointResolver.Configured(URI.create("tcp://127.0.0.1:5432"),
            null)), read);

        final RttException ex = assertThrows(RttException.class, () -> EndpointResolver.configured(yaml("""
            components:
              db: { priority: 3 }
              cache:
                endpoint: "redis://:hunter2@cache:6379"
            """), dir));
        assertTrue(ex.getMessage().startsWith("rtt.yaml:4: component cache: endpoint must not carry a password"),
            ex.getMessage());
        assertFalse(ex.getMessage().contains("hunter2"), ex.getMessage());
        assertTrue(assertThrows(RttException.class, () -> EndpointResolver.configured(yaml("""
            components:
              cache: { endpoint: "relative/redis.sock" }
            """), dir)).getMessage().startsWith("rtt.yaml:2: component cache: endpoint must be a URL with a host"));
    }

    @Test
    void shouldTakeTheSecretFromTheEnvironmentElseAnOwnerOnlyFileNeverPrintingIt() throws Exception
    {
        final Component cache = cache(List.of());
        assertNull(resolver().secret(cache));

        final Path file = dir.resolve("cache.secret");
        Files.writeString(file, "from-file\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        configured.put("cache", new EndpointResolver.Configured(null, file));
        final IOException open = assertThrows(IOException.class, () -> resolver().secret(cache));
        assertTrue(open.getMessage().contains("may be read or written by others than its owner (rw-r--r--); " +
            "chmod 600 it"), open.getMessage());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        final DriverSecret fromFile = resolver().secret(cache);
        assertEquals("from-file", fromFile.value());
        assertEquals("secret from " + file, fromFile.toString());

        environment.put("RTT_SECRET_CACHE", "from-env");
        final DriverSecret fromEnvironment = resolver().secret(cache);
        assertEquals("from-env", fromEnvironment.value());
        assertEquals("secret from RTT_SECRET_CACHE", fromEnvironment.toString());
    }

    private DriverEndpoint resolve(final Component component)
    {
        return resolver().resolve(REDIS, component, dir);
    }

    private EndpointResolver resolver()
    {
        final Set<Path> present = sockets;
        return new EndpointResolver(configured, scanned, environment::get, present::contains);
    }

    private static LocatedTree yaml(final String text) throws LocatedTree.ParseFailure
    {
        return LocatedTree.parse(new YAMLMapper(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static Endpoint port(final String published)
    {
        final String container = published.substring(published.lastIndexOf(':') + 1);
        return new Endpoint(Endpoint.Kind.PORT, "tcp", container, new Evidence("compose.yaml", 3,
            "ports: " + published));
    }

    private static Component cache(final List<Endpoint> endpoints)
    {
        return new Component("cache", "cache", ComponentKind.DATASTORE, "redis", null, null, "redis:7", endpoints,
            List.of());
    }
}
