package io.rtt.engine.drivers.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverContext;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.DriverProvider;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Component;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code redis} driver, for components whose technology is redis: RESP2 to a server over its Unix socket or TCP,
 * found by {@link io.rtt.engine.drivers.EndpointResolver}; Debian's and the usual sockets before the default port.
 */
public final class RedisDriverProvider implements DriverProvider
{
    /** Where Redis's Unix socket is when a package or a hand configured it, most usual first. */
    static final List<Path> WELL_KNOWN_SOCKETS = List.of(Path.of("/run/redis/redis-server.sock"),
        Path.of("/var/run/redis/redis.sock"), Path.of("/tmp/redis.sock"));
    /** Redis's port on loopback. */
    static final URI DEFAULT_ADDRESS = URI.create("tcp://127.0.0.1:6379");
    private static final Set<String> SCHEMES = Set.of("unix", "tcp", "redis");

    @Override
    public String name()
    {
        return "redis";
    }

    @Override
    public boolean serves(final Component component)
    {
        return "redis".equals(component.technology());
    }

    @Override
    public DriverEndpoint defaultEndpoint(final Component component, final Path dataDir)
    {
        return new DriverEndpoint(DEFAULT_ADDRESS, DriverEndpoint.Source.DEFAULT_PORT);
    }

    @Override
    public List<Path> wellKnownSockets()
    {
        return WELL_KNOWN_SOCKETS;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The command is the text's words (split at blanks; an argument with blanks goes in {@code params}), then the
     * params' elements; the request is {@code {"command": [...], "readOnly": ...}}.
     */
    @Override
    public byte[] queryRequest(final String text, final @Nullable JsonNode params, final boolean readOnly)
    {
        final ObjectNode request = Json.MAPPER.createObjectNode();
        final ArrayNode command = request.putArray("command");
        for (final String word : text.strip().split("\\s+"))
        {
            command.add(word);
        }
        if (params != null && !params.isNull())
        {
            if (!params.isArray())
            {
                throw new IllegalArgumentException("a Redis query's params are an array, the command's arguments " +
                    "after those in its text");
            }
            params.forEach(command::add);
        }
        return Json.MAPPER.writeValueAsBytes(request.put("readOnly", readOnly));
    }

    @Override
    public Driver create(final DriverContext context) throws Exception
    {
        final DriverEndpoint endpoint = context.endpoint();
        if (!SCHEMES.contains(endpoint.address().getScheme()))
        {
            throw new IllegalArgumentException("a redis endpoint is a unix socket, tcp://host:port or " +
                "redis://host:port[/db], got " + endpoint);
        }
        return RedisDriver.open(endpoint, context.secret(), context.component().id(), context.limits());
    }
}
