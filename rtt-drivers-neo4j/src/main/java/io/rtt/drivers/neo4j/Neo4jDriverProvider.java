package io.rtt.drivers.neo4j;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverContext;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.DriverProvider;
import io.rtt.engine.drivers.EndpointResolver;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Component;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.exceptions.SecurityException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code neo4j} driver, for components whose technology is neo4j (Neo4j images, and the clients of it the scan
 * recognises). Its endpoint is resolved as every server's is ({@code EndpointResolver}: rtt.yaml, the
 * {@code RTT_ENDPOINT_<ID>} variable, the scan's evidence), and is otherwise Bolt's default port on loopback,
 * {@code bolt://127.0.0.1:7687}; Neo4j has no well-known Unix socket. Its password is the component's secret
 * ({@code RTT_SECRET_<ID>} or rtt.yaml's {@code secretFile}), its user the endpoint's ({@code neo4j} when it names
 * none).
 */
public final class Neo4jDriverProvider implements DriverProvider
{
    /** Where Neo4j is when nothing says: Bolt's default port on loopback. */
    static final URI DEFAULT_ADDRESS = URI.create("bolt://127.0.0.1:" + Neo4jTarget.DEFAULT_PORT);

    @Override
    public String name()
    {
        return "neo4j";
    }

    @Override
    public boolean serves(final Component component)
    {
        return "neo4j".equals(component.technology());
    }

    @Override
    public DriverEndpoint defaultEndpoint(final Component component, final Path dataDir)
    {
        return new DriverEndpoint(DEFAULT_ADDRESS, DriverEndpoint.Source.DEFAULT_PORT);
    }

    /**
     * {@inheritDoc}
     * <p>
     * The request is {@code {"cypher": ..., "params": {...}, "readOnly": ...}}.
     */
    @Override
    public byte[] queryRequest(final String text, final @Nullable JsonNode params, final boolean readOnly)
    {
        final ObjectNode request = Json.MAPPER.createObjectNode().put("cypher", text);
        if (params != null && !params.isNull())
        {
            if (!params.isObject())
            {
                throw new IllegalArgumentException("a Cypher query's params are an object of named parameters, " +
                    "{\"id\": 7} for $id");
            }
            request.set("params", params);
        }
        return Json.MAPPER.writeValueAsBytes(request.put("readOnly", readOnly));
    }

    /**
     * Starts a driver and connects it, so that a route to a server that is not there, or that refuses the
     * credentials, is reported, not served.
     *
     * @param context the component, its endpoint, QoS, data directory, clock and secret.
     * @return the connected driver.
     * @throws IOException when the server refuses the connection or does not answer {@code RETURN 1}; its message
     *                     names the endpoint, how it was resolved, and what to change.
     */
    @Override
    public Driver create(final DriverContext context) throws IOException
    {
        final Neo4jTarget target = Neo4jTarget.of(context.endpoint().address(),
            context.secret() == null ? null : context.secret().value());
        final Neo4jDriver driver = new Neo4jDriver(target, context.limits());
        try
        {
            driver.probe();
            return driver;
        }
        catch (final IOException | RuntimeException ex)
        {
            driver.close();
            if (!(ex instanceof IOException))
            {
                throw ex;
            }
            final String id = context.component().id();
            final String fix = ex.getCause() instanceof SecurityException ?
                "give its password in " + EndpointResolver.variable(EndpointResolver.SECRET_VARIABLE, id) +
                    " or a file only its owner may read, named by rtt.yaml components." + id + ".secretFile" :
                "start it, or point " + EndpointResolver.variable(EndpointResolver.ENDPOINT_VARIABLE, id) +
                    " or rtt.yaml components." + id + ".endpoint at it";
            final String reason = driver.lastFailure() == null ? ex.getMessage() : driver.lastFailure();
            throw new IOException("cannot reach neo4j at " + target + " (" +
                context.endpoint().source().description() + "): " + reason + "; " + fix, ex);
        }
    }
}
