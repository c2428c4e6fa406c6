package io.rtt.engine.drivers;

import java.nio.file.Path;
import java.util.List;

import io.rtt.engine.model.Component;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A kind of driver, found through {@link java.util.ServiceLoader}: a jar that lists its implementation in
 * {@code META-INF/services/io.rtt.engine.drivers.DriverProvider} adds a driver to every panel that has it on its
 * class path. The engine names no implementation; its own drivers come the same way.
 * <p>
 * The planner names a route's driver after the serving component's technology ({@code echo} for a component
 * without one), so a provider's {@link #name()} is the technology it serves.
 * <p>
 * Implementations are stateless and thread-safe: one instance serves the whole process.
 */
public interface DriverProvider
{
    /**
     * The driver's name, as routes name it.
     *
     * @return e.g. {@code sqlite}; unique among the providers on the class path.
     */
    String name();

    /**
     * Whether this provider's driver can serve a component.
     *
     * @param component the serving component.
     * @return true when its technology (or kind) is one this driver speaks.
     */
    boolean serves(Component component);

    /**
     * Where the component's real system is when nothing more specific says so: a driver that owns its system names
     * a place in the data directory; one that connects to a server names the server's usual address on loopback,
     * with {@link DriverEndpoint.Source#DEFAULT_PORT}, which lets {@link EndpointResolver} look for a more specific
     * one first.
     *
     * @param component the serving component.
     * @param dataDir   the directory where drivers keep their data.
     * @return the endpoint; {@link DriverEndpoint#IN_PROCESS} unless the driver has a system behind it.
     */
    default DriverEndpoint defaultEndpoint(final Component component, final Path dataDir)
    {
        return DriverEndpoint.IN_PROCESS;
    }

    /**
     * The Unix sockets the system listens on where the machine's packages install it, tried in order before
     * {@link #defaultEndpoint} by a driver that connects to a server ({@link EndpointResolver}).
     *
     * @return absolute socket paths, most usual first; empty for a driver without such a system.
     */
    default List<Path> wellKnownSockets()
    {
        return List.of();
    }

    /**
     * Turns a query of {@code rtt query} or MCP's {@code rtt_query} into this driver's request, so the query goes
     * through a route like any other request. A read-only query must be refused by the driver itself if it would
     * write (a read-only transaction, a read-only command list), not by reading the query here.
     *
     * @param text     the query: SQL, Cypher, or a command and its arguments, as the driver's system speaks.
     * @param params   its parameters, in the shape the driver's request takes, or null for none.
     * @param readOnly whether the driver must refuse anything that would write.
     * @return the request's bytes, or null when this driver takes no queries.
     * @throws IllegalArgumentException when the parameters are not of the shape the driver takes.
     */
    default byte @Nullable [] queryRequest(final String text, final @Nullable JsonNode params, final boolean readOnly)
    {
        return null;
    }

    /**
     * Starts a driver for a component.
     *
     * @param context the component, its endpoint, QoS, data directory and clock.
     * @return the running driver, which the caller closes.
     * @throws Exception when the driver cannot start; its message says why, e.g. the system refused a connection.
     */
    Driver create(DriverContext context) throws Exception;
}
