package io.rtt.drivers.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

import io.rtt.engine.drivers.DriverEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Where and as whom the driver connects, read from an endpoint's address:
 * <ul>
 *     <li>{@code postgresql://user:password@host:port/database} (or {@code postgres://}): TCP;</li>
 *     <li>{@code postgresql://user@/database?host=/run/postgresql} (libpq's form) or a path, {@code /run/postgresql}
 *     or {@code /run/postgresql/.s.PGSQL.5432}: the server's Unix socket, {@code .s.PGSQL.<port>} in that
 *     directory.</li>
 * </ul>
 * The user defaults to {@code postgres}, the database to the user, the port to 5432; the password, when the address
 * has none, is the {@code PGPASSWORD} variable's. Other query parameters ({@code sslmode}, {@code
 * options}, ...) pass to pgjdbc.
 *
 * @param host       the TCP host, or {@code localhost} for a Unix socket (which pgjdbc never resolves then).
 * @param port       the TCP port, or the number in the socket's name.
 * @param database   the database.
 * @param user       the role the driver logs in as.
 * @param password   its password; null when none is needed.
 * @param socketPath the Unix socket's file, or null for TCP.
 * @param options    further pgjdbc connection properties.
 */
record PostgresTarget(String host, int port, String database, String user, @Nullable String password,
    @Nullable Path socketPath, Map<String, String> options)
{
    /** Postgres's port, and the number in its socket's name, when the address says none. */
    static final int DEFAULT_PORT = 5432;
    /** The role, and the database, when the address names none. */
    static final String DEFAULT_USER = "postgres";

    /**
     * Validates the target.
     */
    PostgresTarget
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        options = Map.copyOf(options);
    }

    /**
     * Reads an endpoint's address.
     *
     * @param address     the address.
     * @param environment the process's environment, for {@code PGPASSWORD}.
     * @return the target.
     * @throws IllegalArgumentException when the address is neither a postgres URL nor a path.
     */
    static PostgresTarget of(final URI address, final Map<String, String> environment)
    {
        final String scheme = address.getScheme();
        if (scheme == null || "file".equals(scheme))
        {
            final Path path = Path.of(address.getPath());
            return socket(path, DEFAULT_USER, DEFAULT_USER, environment.get("PGPASSWORD"), Map.of());
        }
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme))
        {
            throw new IllegalArgumentException("a postgres endpoint is postgresql://user@host:port/database or a " +
                "Unix socket path, not " + DriverEndpoint.redacted(address));
        }
        final String authority = address.getRawAuthority() == null ? "" : address.getRawAuthority();
        final int at = authority.lastIndexOf('@');
        final String userInfo = at < 0 ? "" : authority.substring(0, at);
        final String hostPort = authority.substring(at + 1);
        final int colon = userInfo.indexOf(':');
        final String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        final String password = colon < 0 ? environment.get("PGPASSWORD") : decode(userInfo.substring(colon + 1));
        final Map<String, String> query = query(address.getRawQuery());
        final String role = user.isEmpty() ? query.getOrDefault("user", DEFAULT_USER) : user;
        query.remove("user");
        final String path = address.getPath() == null ? "" : address.getPath();
        final String database = path.length() > 1 ? path.substring(1) : query.getOrDefault("dbname", role);
        query.remove("dbname");
        String host = hostPort;
        int port = DEFAULT_PORT;
        final int portColon = hostPort.lastIndexOf(':');
        if (portColon >= 0 && portColon > hostPort.lastIndexOf(']'))
        {
            host = hostPort.substring(0, portColon);
            port = Integer.parseInt(hostPort.substring(portColon + 1));
        }
        final String socketDir = query.remove("host");
        if (socketDir != null && socketDir.startsWith("/"))
        {
            return socket(Path.of(socketDir).resolve(".s.PGSQL." + port), database, role, password, query);
        }
        if (socketDir != null)
        {
            host = socketDir;
        }
        return new PostgresTarget(host.isEmpty() ? "localhost" : host, port, database, role, password, null, query);
    }

    private static PostgresTarget socket(final Path path, final String database, final String user,
        @Nullable final String password, final Map<String, String> options)
    {
        final Path file = Files.isDirectory(path) ? path.resolve(".s.PGSQL." + DEFAULT_PORT) : path;
        final String name = file.getFileName() == null ? "" : file.getFileName().toString();
        final int port = name.startsWith(".s.PGSQL.") ? Integer.parseInt(name.substring(9)) : DEFAULT_PORT;
        return new PostgresTarget("localhost", port, database, user, password, file, options);
    }

    /**
     * The pgjdbc URL.
     *
     * @return e.g. {@code jdbc:postgresql://127.0.0.1:5432/shop}.
     */
    String jdbcUrl()
    {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * The connection properties: the role, its password, and for a Unix socket the factory that opens it.
     *
     * @return properties for {@link java.sql.DriverManager}; they hold the password, so they are never logged.
     */
    Properties properties()
    {
        final Properties properties = new Properties();
        properties.putAll(options);
        properties.setProperty("user", user);
        if (password != null)
        {
            properties.setProperty("password", password);
        }
        if (socketPath != null)
        {
            properties.setProperty("socketFactory", UnixSocketFactory.class.getName());
            properties.setProperty("socketFactoryArg", socketPath.toString());
            // a Unix socket is local and carries no TLS
            properties.setProperty("sslmode", "disable");
        }
        return properties;
    }

    /**
     * The target in words, without its password, for errors and logs.
     *
     * @return e.g. {@code postgresql://shop@127.0.0.1:5432/shop} or {@code postgresql://shop@/shop?host=/run/pg}.
     */
    @Override
    public String toString()
    {
        return socketPath == null ? "postgresql://" + user + "@" + host + ":" + port + "/" + database :
            "postgresql://" + user + "@/" + database + " on " + socketPath;
    }

    private static Map<String, String> query(@Nullable final String raw)
    {
        final Map<String, String> query = new TreeMap<>();
        if (raw == null || raw.isEmpty())
        {
            return query;
        }
        for (final String pair : raw.split("&"))
        {
            final int eq = pair.indexOf('=');
            if (eq > 0)
            {
                query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(final String raw)
    {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
