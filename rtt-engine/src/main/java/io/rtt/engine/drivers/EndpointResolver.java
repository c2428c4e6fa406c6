package io.rtt.engine.drivers;

import static io.rtt.engine.PolicyFile.invalid;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.PolicyFile;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.BoundedRead;
import io.rtt.engine.json.Json;
import io.rtt.engine.json.LocatedTree;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.SymbolIndex;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Where a driver that connects to a server finds it, each step recorded in the endpoint's
 * {@link DriverEndpoint.Source}, the first that names a place winning:
 * <ol>
 *     <li>rtt.yaml {@code components.<id>.endpoint}: a URL ({@code tcp://host:port}, the system's own scheme) or an
 *     absolute socket path;</li>
 *     <li>the {@code RTT_ENDPOINT_<ID>} environment variable, the same forms ({@code <ID>} is the component id
 *     upper-cased, every other character than a letter or digit replaced by {@code _});</li>
 *     <li>the scan's evidence: a port the component publishes in compose ({@code ports: "6380:6379"}), on
 *     {@code 127.0.0.1}, the published port preferred whose container port is the system's usual one (the index
 *     records the container port, the published one is read from the evidence's text);</li>
 *     <li>the first of the provider's {@link DriverProvider#wellKnownSockets() well-known sockets} that exists;</li>
 *     <li>the provider's {@link DriverProvider#defaultEndpoint default port} on loopback.</li>
 * </ol>
 * A driver that owns its system (a file in the data directory) or has none keeps its default endpoint.
 * <p>
 * A secret comes from {@code RTT_SECRET_<ID>}, else from the file rtt.yaml's {@code components.<id>.secretFile}
 * names, which only its owner may read or write (mode 0600 or stricter); an endpoint whose URL carries a password is
 * refused, so that none is ever in rtt.yaml, the environment's endpoint or a log line.
 * <p>
 * Immutable and thread-safe.
 */
public final class EndpointResolver
{
    /** The prefix of the variable that names a component's endpoint. */
    public static final String ENDPOINT_VARIABLE = "RTT_ENDPOINT_";
    /** The prefix of the variable that holds a component's secret. */
    public static final String SECRET_VARIABLE = "RTT_SECRET_";
    /** Largest index read for its evidence; a larger one is not used, the later steps still resolve. */
    private static final int MAX_INDEX_BYTES = 256 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EndpointResolver.class);
    /** Largest secret file read. */
    private static final int MAX_SECRET_BYTES = 4096;
    /** A published compose port: {@code [ip:]host[-range]:container[-range][/protocol]}. */
    private static final Pattern PUBLISHED = Pattern.compile(
        "^ports: \"?(?:(?:[0-9.]+|\\[[0-9a-fA-F:]*]):)?(\\d{1,5})(?:-\\d+)?:(\\d{1,5})(?:-\\d+)?(?:/tcp)?\"?$");
    private static final Set<PosixFilePermission> OWNER_ONLY =
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** Dev services started for components, by component id. */
    private final Map<String, URI> devServices;
    private final Map<String, Configured> configured;
    private final Map<String, List<Endpoint>> scanned;
    private final Function<String, @Nullable String> environment;
    private final Predicate<Path> socketExists;

    /**
     * What rtt.yaml says of one component's system.
     *
     * @param endpoint   its address, or {@code null} when rtt.yaml names none.
     * @param secretFile the file that holds its secret, absolute, or {@code null}.
     */
    public record Configured(@Nullable URI endpoint, @Nullable Path secretFile)
    {
    }

    /**
     * A resolver.
     *
     * @param configured   what rtt.yaml says, by component id.
     * @param scanned      the endpoints the scan found, by component id: the committed graph keeps none, so they come
     *                     from the workspace's index.
     * @param environment  the environment's variables, e.g. {@code System::getenv}.
     * @param socketExists whether a well-known socket is there, e.g. {@code Files::exists}.
     */
    public EndpointResolver(final Map<String, Configured> configured, final Map<String, List<Endpoint>> scanned,
        final Function<String, @Nullable String> environment, final Predicate<Path> socketExists)
    {
        this(configured, scanned, environment, socketExists, Map.of());
    }

    private EndpointResolver(final Map<String, Configured> configured, final Map<String, List<Endpoint>> scanned,
        final Function<String, @Nullable String> environment, final Predicate<Path> socketExists,
        final Map<String, URI> devServices)
    {
        this.devServices = Map.copyOf(devServices);
        this.configured = Map.copyOf(configured);
        this.scanned = Map.copyOf(scanned);
        this.environment = Objects.requireNonNull(environment, "environment");
        this.socketExists = Objects.requireNonNull(socketExists, "socketExists");
    }

    /**
     * The resolver of a process without rtt.yaml: the environment, the scan, the machine.
     *
     * @return a resolver on {@link System#getenv(String)} and the file system.
     */
    public static EndpointResolver ofEnvironment()
    {
        return new EndpointResolver(Map.of(), Map.of(), System::getenv, path -> Files.exists(path));
    }

    /**
     * The resolver of a workspace: its rtt.yaml, the environment, the scan's index, the machine.
     *
     * @param workspace the workspace; rtt.yaml and the index may be absent.
     * @return the resolver.
     * @throws io.rtt.engine.RttException {@code BAD_INPUT} naming the line of a malformed endpoint or secret file.
     */
    public static EndpointResolver load(final Workspace workspace)
    {
        return new EndpointResolver(configured(PolicyFile.read(workspace), workspace.root()), scanned(workspace),
            System::getenv, path -> Files.exists(path));
    }

    /** The endpoints of each component in the workspace's index; none when there is no index or it cannot be read. */
    private static Map<String, List<Endpoint>> scanned(final Workspace workspace)
    {
        final Path file = workspace.layout().indexFile();
        if (!Files.isRegularFile(file))
        {
            return Map.of();
        }
        try
        {
            final SymbolIndex index = Json.MAPPER.readValue(BoundedRead.readAllBytes(file, MAX_INDEX_BYTES, "index"),
                SymbolIndex.class);
            final Map<String, List<Endpoint>> byId = new HashMap<>();
            index.components().forEach(c -> byId.put(c.id(), c.endpoints()));
            return byId;
        }
        catch (final IOException | RuntimeException ex)
        {
            // the scan's evidence is one step of several: without it the later steps still resolve
            LOG.warn("endpoints: the scan's index {} cannot be read, its evidence is not used: {}", file,
                ex.toString());
            return Map.of();
        }
    }

    /**
     * Reads rtt.yaml's {@code components.<id>.endpoint} and {@code components.<id>.secretFile}.
     *
     * @param doc  the policy document.
     * @param root the workspace root, against which a relative secret file is resolved.
     * @return what each component that names either has, by id.
     * @throws io.rtt.engine.RttException {@code BAD_INPUT} naming the line of a bad value.
     */
    public static Map<String, Configured> configured(final LocatedTree doc, final Path root)
    {
        final Map<String, Configured> all = new HashMap<>();
        for (final Map.Entry<String, JsonNode> component : doc.tree().path("components").properties())
        {
            final String at = "/components/" + LocatedTree.segment(component.getKey());
            final JsonNode endpoint = component.getValue().path("endpoint");
            final JsonNode secretFile = component.getValue().path("secretFile");
            if (endpoint.isMissingNode() && secretFile.isMissingNode())
            {
                continue;
            }
            URI address = null;
            if (!endpoint.isMissingNode())
            {
                try
                {
                    address = address(endpoint.isString() ? endpoint.stringValue() : endpoint.toString());
                }
                catch (final IllegalArgumentException ex)
                {
                    throw invalid(doc, at + "/endpoint", "component " + component.getKey() + ": " + ex.getMessage());
                }
            }
            Path secret = null;
            if (!secretFile.isMissingNode())
            {
                if (!secretFile.isString() || secretFile.stringValue().isBlank())
                {
                    throw invalid(doc, at + "/secretFile", "component " + component.getKey() +
                        ": secretFile must be a file's path, got " + secretFile);
                }
                secret = root.resolve(secretFile.stringValue()).toAbsolutePath().normalize();
            }
            all.put(component.getKey(), new Configured(address, secret));
        }
        return all;
    }

    /**
     * The name of a component's variable.
     *
     * @param prefix      {@link #ENDPOINT_VARIABLE} or {@link #SECRET_VARIABLE}.
     * @param componentId the component's id.
     * @return e.g. {@code RTT_ENDPOINT_CACHE} for {@code cache}.
     */
    public static String variable(final String prefix, final String componentId)
    {
        return prefix + componentId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Reads an endpoint as rtt.yaml or the environment give it.
     *
     * @param text a URL with a scheme and a host ({@code tcp://127.0.0.1:6379}), a {@code unix:} URI, or an absolute
     *             socket path.
     * @return the address; a socket path as a {@code unix:} URI.
     * @throws IllegalArgumentException saying what is wrong: not absolute, no host, or a password in the URL.
     */
    public static URI address(final String text)
    {
        final String trimmed = text.strip();
        if (trimmed.startsWith("/"))
        {
            return unix(trimmed);
        }
        final URI uri;
        try
        {
            uri = new URI(trimmed);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("endpoint must be a URL or an absolute socket path, got " + text);
        }
        if ("unix".equals(uri.getScheme()))
        {
            if (uri.getPath() == null || !uri.getPath().startsWith("/"))
            {
                throw new IllegalArgumentException("a unix endpoint names an absolute socket path, got " + text);
            }
            return unix(uri.getPath());
        }
        // a URL without a host is a system's own form for its socket (libpq's postgresql://user@/db?host=/dir)
        if (uri.getScheme() == null || uri.getHost() == null && (uri.getRawQuery() == null ||
            !uri.getRawQuery().contains("host=/")))
        {
            throw new IllegalArgumentException("endpoint must be a URL with a host (tcp://127.0.0.1:6379), a " +
                "system's URL naming its socket directory (postgresql://user@/db?host=/run/postgresql) or an " +
                "absolute socket path, got " + text);
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":"))
        {
            throw new IllegalArgumentException("endpoint must not carry a password (give it in RTT_SECRET_<ID> or " +
                "a 0600 file named by secretFile), got " + uri.getScheme() + "://" + uri.getHost() + "...");
        }
        return uri;
    }

    /** A socket path as a {@code unix:} URI. */
    private static URI unix(final String path)
    {
        try
        {
            return new URI("unix", null, Path.of(path).normalize().toString(), null);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("not a socket path: " + path, ex);
        }
    }

    /**
     * This resolver, with a dev service started for a component: it takes the place of the scan's evidence, a
     * well-known socket and the default port (where nothing answered), not of what rtt.yaml or the environment say.
     *
     * @param componentId the component.
     * @param endpoint    the dev service's endpoint.
     * @return the new resolver.
     */
    public EndpointResolver withDevService(final String componentId, final URI endpoint)
    {
        final Map<String, URI> started = new HashMap<>(devServices);
        started.put(componentId, endpoint);
        return new EndpointResolver(configured, scanned, environment, socketExists, started);
    }

    /**
     * Resolves where a provider's driver finds a component's system.
     *
     * @param provider  the route's driver provider.
     * @param component the serving component.
     * @param dataDir   the directory where drivers keep their data.
     * @return the first step's endpoint, its source recorded.
     * @throws IllegalArgumentException when the environment's endpoint is malformed.
     */
    public DriverEndpoint resolve(final DriverProvider provider, final Component component, final Path dataDir)
    {
        final DriverEndpoint fallback = provider.defaultEndpoint(component, dataDir);
        if (fallback.source() != DriverEndpoint.Source.DEFAULT_PORT)
        {
            return fallback;
        }
        final Configured policy = configured.get(component.id());
        if (policy != null && policy.endpoint() != null)
        {
            return new DriverEndpoint(policy.endpoint(), DriverEndpoint.Source.POLICY);
        }
        final String variable = variable(ENDPOINT_VARIABLE, component.id());
        final String fromEnvironment = environment.apply(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank())
        {
            try
            {
                return new DriverEndpoint(address(fromEnvironment), DriverEndpoint.Source.ENVIRONMENT);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(variable + ": " + ex.getMessage(), ex);
            }
        }
        final URI devService = devServices.get(component.id());
        if (devService != null)
        {
            return new DriverEndpoint(devService, DriverEndpoint.Source.DEV_SERVICE);
        }
        final URI published = published(component, fallback.address());
        if (published != null)
        {
            return new DriverEndpoint(published, DriverEndpoint.Source.SCAN);
        }
        for (final Path socket : provider.wellKnownSockets())
        {
            if (socketExists.test(socket))
            {
                return new DriverEndpoint(unix(socket.toString()), DriverEndpoint.Source.WELL_KNOWN_SOCKET);
            }
        }
        return fallback;
    }

    /**
     * The loopback address of a port the component publishes, in the default endpoint's scheme; the published port
     * whose container port is the default's preferred.
     */
    private @Nullable URI published(final Component component, final URI fallback)
    {
        String chosen = null;
        final List<Endpoint> endpoints = component.endpoints().isEmpty() ?
            scanned.getOrDefault(component.id(), List.of()) : component.endpoints();
        for (final Endpoint endpoint : endpoints)
        {
            if (endpoint.kind() != Endpoint.Kind.PORT || !"tcp".equals(endpoint.name()))
            {
                continue;
            }
            final Matcher matcher = PUBLISHED.matcher(endpoint.evidence().seen());
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) > 65_535)
            {
                continue;
            }
            if (chosen == null || Integer.parseInt(matcher.group(2)) == fallback.getPort())
            {
                chosen = matcher.group(1);
            }
        }
        return chosen == null ? null : URI.create(fallback.getScheme() + "://127.0.0.1:" + chosen);
    }

    /**
     * The secret a component's driver presents: {@code RTT_SECRET_<ID>}, else the file rtt.yaml names.
     *
     * @param component the serving component.
     * @return the secret, or {@code null} when none is given.
     * @throws IOException when the named file cannot be read, or others than its owner may read or write it.
     */
    public @Nullable DriverSecret secret(final Component component) throws IOException
    {
        final String variable = variable(SECRET_VARIABLE, component.id());
        final String fromEnvironment = environment.apply(variable);
        if (fromEnvironment != null && !fromEnvironment.isEmpty())
        {
            return new DriverSecret(fromEnvironment, variable);
        }
        final Configured policy = configured.get(component.id());
        if (policy == null || policy.secretFile() == null)
        {
            return null;
        }
        final Path file = policy.secretFile();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IOException("secret file " + file + " of " + component.id() + " is not a regular file");
        }
        final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(permissions))
        {
            throw new IOException("secret file " + file + " of " + component.id() + " may be read or written by " +
                "others than its owner (" + java.nio.file.attribute.PosixFilePermissions.toString(permissions) +
                "); chmod 600 it");
        }
        if (Files.size(file) > MAX_SECRET_BYTES)
        {
            throw new IOException("secret file " + file + " of " + component.id() + " is larger than " +
                MAX_SECRET_BYTES + " bytes");
        }
        final String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        return value.isEmpty() ? null : new DriverSecret(value, file.toString());
    }
}
