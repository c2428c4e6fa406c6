package io.rtt.drivers.neo4j;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;

/**
 * Where and as whom the driver connects, read from an endpoint's address: {@code bolt://user@host:port} (one
 * server) or {@code neo4j://user@host:port} (a cluster's routing), each also with {@code +s} (TLS) or {@code +ssc}
 * (TLS, any certificate); {@code tcp://host:port}, the form rtt.yaml may give any server, is read as {@code bolt://}.
 * The port defaults to 7687 and the user to {@code neo4j}; the password is the address's own (a URL handed to the
 * driver directly; the endpoint resolver refuses one that carries it) or else the component's secret. Without a
 * password the driver presents no credentials, which a server with authentication off accepts.
 * <p>
 * Neo4j listens for Bolt on TCP only and the Java driver has no Unix-socket transport, so a socket path is refused.
 *
 * @param uri      the server's address as the Java driver takes it, without credentials.
 * @param user     the user the driver logs in as.
 * @param password its password; null to present no credentials.
 */
record Neo4jTarget(URI uri, String user, @Nullable String password)
{
    /** Bolt's port, when the address says none. */
    static final int DEFAULT_PORT = 7687;
    /** The user, when the address names none: the one every Neo4j server is installed with. */
    static final String DEFAULT_USER = "neo4j";
    /** The schemes the Java driver speaks. */
    static final Set<String> SCHEMES = Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");

    /**
     * Validates the target.
     */
    Neo4jTarget
    {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(user, "user");
    }

    /**
     * Reads an endpoint's address.
     *
     * @param address the address.
     * @param secret  the component's secret, its password when the address carries none; null when none is given.
     * @return the target.
     * @throws IllegalArgumentException when the address is no Bolt URL.
     */
    static Neo4jTarget of(final URI address, @Nullable final String secret)
    {
        final String given = address.getScheme();
        final String scheme = "tcp".equals(given) ? "bolt" : given;
        if (scheme == null || !SCHEMES.contains(scheme) || address.getHost() == null)
        {
            throw new IllegalArgumentException("a neo4j endpoint is bolt://user@host:7687 or neo4j://user@host:7687 " +
                "(Bolt over TCP: the Java driver has no Unix-socket transport), not " + redacted(address));
        }
        final String userInfo = address.getRawUserInfo() == null ? "" : address.getRawUserInfo();
        final int colon = userInfo.indexOf(':');
        final String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        final String password = colon < 0 ? secret : decode(userInfo.substring(colon + 1));
        final int port = address.getPort() < 0 ? DEFAULT_PORT : address.getPort();
        try
        {
            // a bolt:// address takes no routing context: the driver refuses one with a query
            final URI uri = new URI(scheme, null, address.getHost(), port, null,
                scheme.startsWith("neo4j") ? address.getQuery() : null, null);
            return new Neo4jTarget(uri, user.isEmpty() ? DEFAULT_USER : user, password);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("not a neo4j endpoint: " + redacted(address), ex);
        }
    }

    /**
     * The credentials the driver presents.
     *
     * @return basic authentication as the user, or none without a password.
     */
    AuthToken authToken()
    {
        return password == null ? AuthTokens.none() : AuthTokens.basic(user, password);
    }

    /**
     * The target in words, without its password, for errors and logs.
     *
     * @return e.g. {@code bolt://neo4j@127.0.0.1:7687}.
     */
    @Override
    public String toString()
    {
        return uri.getScheme() + "://" + user + "@" + uri.getRawAuthority() +
            (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** An address without the password it may carry, for a message. */
    private static String redacted(final URI address)
    {
        return address.toString().replaceFirst("//([^:/@]*):[^@/]*@", "//$1:***@");
    }

    private static String decode(final String raw)
    {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
