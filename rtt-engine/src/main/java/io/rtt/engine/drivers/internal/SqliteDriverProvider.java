package io.rtt.engine.drivers.internal;

import java.nio.file.Path;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverContext;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.DriverProvider;
import io.rtt.engine.drivers.SqlQueries;
import io.rtt.engine.model.Component;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The embedded {@code sqlite} driver, for components whose technology is sqlite: each gets one database file in the
 * data directory, {@code <component>.sqlite}, the id's unsafe characters replaced by {@code _}.
 */
public final class SqliteDriverProvider implements DriverProvider
{
    @Override
    public String name()
    {
        return "sqlite";
    }

    @Override
    public boolean serves(final Component component)
    {
        return "sqlite".equals(component.technology());
    }

    @Override
    public DriverEndpoint defaultEndpoint(final Component component, final Path dataDir)
    {
        final Path file = dataDir.resolve(component.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".sqlite");
        return new DriverEndpoint(file.toAbsolutePath().toUri(), DriverEndpoint.Source.DATA_DIRECTORY);
    }

    @Override
    public byte[] queryRequest(final String text, final @Nullable JsonNode params, final boolean readOnly)
    {
        return SqlQueries.request(text, params, readOnly);
    }

    @Override
    public Driver create(final DriverContext context) throws Exception
    {
        final DriverEndpoint endpoint = context.endpoint();
        if (!"file".equals(endpoint.address().getScheme()))
        {
            throw new IllegalArgumentException("a sqlite endpoint is a file: " + endpoint);
        }
        return SqliteDriver.open(Path.of(endpoint.address()), context.limits());
    }
}
