package io.rtt.engine.drivers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drivers this process can start: every {@link DriverProvider} on the class path, loaded once, when the class is
 * first used. A provider that cannot be loaded, or whose name another provider found earlier on the class path
 * already has, is logged and left out; the rest serve.
 * <p>
 * Thread-safe: the providers are fixed once loaded.
 */
public final class Drivers
{
    private static final Logger LOG = LoggerFactory.getLogger(Drivers.class);

    /** The providers, by name, in name order. */
    private static final Map<String, DriverProvider> PROVIDERS = load();

    /**
     * The names of the drivers this process can start: the engine's own ({@code echo}, {@code redis},
     * {@code sqlite}) and those of any provider added to the class path. A route naming another driver is reported,
     * not served.
     */
    public static final Set<String> BUILT_IN = Set.copyOf(PROVIDERS.keySet());

    private Drivers()
    {
    }

    /**
     * The provider of a driver.
     *
     * @param name the driver's name, as a route names it.
     * @return the provider, or null when none is found.
     */
    public static @Nullable DriverProvider provider(final String name)
    {
        return PROVIDERS.get(name);
    }

    /**
     * Every provider found, by name.
     *
     * @return the providers.
     */
    public static List<DriverProvider> providers()
    {
        return List.copyOf(PROVIDERS.values());
    }

    /**
     * The provider that serves a component.
     *
     * @param component the serving component.
     * @return the first provider, in name order, that serves it; empty when none does.
     */
    public static Optional<DriverProvider> find(final Component component)
    {
        return PROVIDERS.values().stream().filter(p -> p.serves(component)).findFirst();
    }

    /**
     * Why a driver cannot be started, in the words a route's status uses.
     *
     * @param driver the driver a route names.
     * @return e.g. {@code no built-in driver postgres yet (built in: echo, redis, sqlite)}.
     */
    public static String unservedReason(final String driver)
    {
        return "no built-in driver " + driver + " yet (built in: " + String.join(", ", PROVIDERS.keySet()) + ")";
    }

    /**
     * Starts the driver a route names, for the component it serves.
     *
     * @param route   the route, whose driver and QoS are used.
     * @param graph   the committed graph, which holds the serving component and every route to it, whose QoS give the
     *                driver its {@link DriverLimits}.
     * @param dataDir where drivers keep their data; a sqlite driver's database is {@code <component>.sqlite} in it,
     *                the id's unsafe characters replaced by {@code _}.
     * @return the running driver.
     * @throws IllegalArgumentException when no provider has the route's driver name (the message is
     *                                  {@link #unservedReason(String)}), or the provider does not serve the component.
     * @throws Exception                when the driver cannot start.
     */
    public static Driver start(final Route route, final Graph graph, final Path dataDir) throws Exception
    {
        return start(route, graph, dataDir, EndpointResolver.ofEnvironment());
    }

    /**
     * Starts the driver a route names, for the component it serves, at the endpoint a resolver finds.
     *
     * @param route     the route, whose driver and QoS are used.
     * @param graph     the committed graph, which holds the serving component and every route to it.
     * @param dataDir   where drivers keep their data.
     * @param endpoints where a driver that connects to a server finds it, and its secret.
     * @return the running driver.
     * @throws IllegalArgumentException when no provider has the route's driver name, or the provider does not serve
     *                                  the component.
     * @throws Exception                when the driver cannot start; a connecting driver's message names the
     *                                  endpoint it tried and how it was resolved.
     */
    public static Driver start(final Route route, final Graph graph, final Path dataDir,
        final EndpointResolver endpoints) throws Exception
    {
        return start(route, context(route, graph, dataDir, endpoints));
    }

    /**
     * Starts the driver a route names with a context made for it by {@link #context}.
     *
     * @param route   the route, whose driver is used.
     * @param context the component, its endpoint, QoS and limits.
     * @return the running driver.
     * @throws IllegalArgumentException when no provider has the route's driver name.
     * @throws Exception                when the driver cannot start.
     */
    public static Driver start(final Route route, final DriverContext context) throws Exception
    {
        return providerOf(route).create(context);
    }

    /**
     * What the driver a route names is started with: the serving component, its endpoint as a resolver finds it,
     * its secret, the route's QoS and the limits of every route to the component.
     *
     * @param route     the route, whose driver and QoS are used.
     * @param graph     the committed graph, which holds the serving component and every route to it.
     * @param dataDir   where drivers keep their data.
     * @param endpoints where a driver that connects to a server finds it, and its secret.
     * @return the context.
     * @throws IllegalArgumentException when no provider has the route's driver name, or the provider does not serve
     *                                  the component.
     * @throws IOException              when the secret's file cannot be read, or others than its owner may read it.
     */
    public static DriverContext context(final Route route, final Graph graph, final Path dataDir,
        final EndpointResolver endpoints) throws IOException
    {
        final DriverProvider provider = providerOf(route);
        final Component serving = graph.components().stream().filter(c -> c.id().equals(route.to())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("route " + route.id() + " serves " + route.to() +
                ", which is no component of the graph"));
        if (!provider.serves(serving))
        {
            throw new IllegalArgumentException("driver " + provider.name() + " does not serve " + serving.id() +
                " (" + serving.kind().name().toLowerCase(Locale.ROOT) +
                (serving.technology() == null ? "" : ", " + serving.technology()) + ")");
        }
        final DriverEndpoint endpoint = endpoints.resolve(provider, serving, dataDir);
        final DriverSecret secret = endpoints.secret(serving);
        LOG.debug("driver {} for {} at {}{}", provider.name(), serving.id(), endpoint,
            secret == null ? "" : ", " + secret);
        return new DriverContext(serving, endpoint, route.qos(), DriverLimits.of(route, graph), dataDir,
            SystemEpochNanoClock.INSTANCE, secret);
    }

    private static DriverProvider providerOf(final Route route)
    {
        final DriverProvider provider = PROVIDERS.get(route.driver());
        if (provider == null)
        {
            throw new IllegalArgumentException(unservedReason(route.driver()));
        }
        return provider;
    }

    private static Map<String, DriverProvider> load()
    {
        final Map<String, DriverProvider> byName = new TreeMap<>();
        final Iterator<DriverProvider> found =
            ServiceLoader.load(DriverProvider.class, Drivers.class.getClassLoader()).iterator();
        while (hasNext(found))
        {
            final DriverProvider provider;
            try
            {
                provider = found.next();
            }
            catch (final ServiceConfigurationError ex)
            {
                // a provider whose constructor fails costs its own driver, not the others
                LOG.warn("a driver provider cannot be started: {}", ex.getMessage());
                continue;
            }
            final DriverProvider first = byName.putIfAbsent(provider.name(), provider);
            if (first != null)
            {
                LOG.warn("driver {} of {} ignored: {} found first has that name", provider.name(),
                    provider.getClass().getName(), first.getClass().getName());
            }
        }
        return byName;
    }

    /** Whether the class path lists another provider; a listing that cannot be read ends the search there. */
    private static boolean hasNext(final Iterator<DriverProvider> found)
    {
        try
        {
            return found.hasNext();
        }
        catch (final ServiceConfigurationError ex)
        {
            LOG.warn("driver providers after a broken listing are not loaded: {}", ex.getMessage());
            return false;
        }
    }
}
