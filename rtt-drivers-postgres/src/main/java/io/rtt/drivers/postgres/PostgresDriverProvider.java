package io.rtt.drivers.postgres;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverContext;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.DriverProvider;
import io.rtt.engine.drivers.SqlQueries;
import io.rtt.engine.model.Component;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code postgres} driver, for components whose technology is postgres (Postgres, PostGIS, Supabase images and
 * clients). Its endpoint is resolved as every server's is ({@code EndpointResolver}: rtt.yaml, the
 * {@code RTT_ENDPOINT_<ID>} variable, the scan's evidence, a well-known socket), and is otherwise its default port on
 * loopback, {@code postgresql://postgres@127.0.0.1:5432/postgres}.
 */
public final class PostgresDriverProvider implements DriverProvider
{
    /** Where Postgres is when nothing says: its default port on loopback, as its default role. */
    static final URI DEFAULT_ADDRESS = URI.create("postgresql://postgres@127.0.0.1:5432/postgres");

    @Override
    public String name()
    {
        return "postgres";
    }

    @Override
    public boolean serves(final Component component)
    {
        return "postgres".equals(component.technology());
    }

    @Override
    public DriverEndpoint defaultEndpoint(final Component component, final Path dataDir)
    {
        return new DriverEndpoint(DEFAULT_ADDRESS, DriverEndpoint.Source.DEFAULT_PORT);
    }

    @Override
    public byte[] queryRequest(final String text, final @Nullable JsonNode params, final boolean readOnly)
    {
        return SqlQueries.request(text, params, readOnly);
    }

    /**
     * Starts a driver and connects it, so that a route to a server that is not there is reported, not served.
     *
     * @param context the component, its endpoint, QoS, data directory and clock.
     * @return the connected driver.
     * @throws SQLException when the server refuses the connection or does not answer {@code SELECT 1}.
     */
    @Override
    public Driver create(final DriverContext context) throws SQLException
    {
        // the password: the shared secret (RTT_SECRET_<ID> or rtt.yaml's secretFile), else libpq's PGPASSWORD
        final Map<String, String> password = context.secret() != null ?
            Map.of("PGPASSWORD", context.secret().value()) : passwordOf(System.getenv("PGPASSWORD"));
        final PostgresDriver driver =
            new PostgresDriver(PostgresTarget.of(context.endpoint().address(), password), context.limits());
        try
        {
            driver.probe();
            return driver;
        }
        catch (final SQLException | RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
    }

    private static Map<String, String> passwordOf(final String value)
    {
        return value == null ? Map.of() : Map.of("PGPASSWORD", value);
    }
}
