package io.rtt.engine.drivers;

import java.net.URI;
import java.util.Objects;

/**
 * Where a driver finds the real system behind a component, and how that was decided: the address a driver connects
 * to (or opens) and the step of the resolution that gave it, so that a route's status can say why it talks to what
 * it talks to.
 *
 * @param address the system's address: a {@code file:} URI for a file the driver owns, a URL ({@code tcp://host:port}
 *                or the system's own scheme) or a {@code unix:} URI of a socket path for a server,
 *                {@link #IN_PROCESS_ADDRESS} for a driver with nothing behind it.
 * @param source  how the address was resolved.
 */
public record DriverEndpoint(URI address, Source source)
{
    /** The address of a driver that does its work in the panel itself. */
    public static final URI IN_PROCESS_ADDRESS = URI.create("rtt:in-process");

    /** The endpoint of a driver with no system behind it, such as echo. */
    public static final DriverEndpoint IN_PROCESS = new DriverEndpoint(IN_PROCESS_ADDRESS, Source.IN_PROCESS);

    /**
     * How an endpoint was resolved.
     */
    public enum Source
    {
        /** Nothing outside the panel: the driver does the work itself. */
        IN_PROCESS("in process"),
        /** A file the driver owns in RTT's data directory, created on first use. */
        DATA_DIRECTORY("RTT's data directory"),
        /** rtt.yaml's {@code components.<id>.endpoint}. */
        POLICY("rtt.yaml"),
        /** The {@code RTT_ENDPOINT_<ID>} environment variable. */
        ENVIRONMENT("environment"),
        /** The scan's evidence: a port the component publishes, on loopback. */
        SCAN("scan evidence"),
        /** A Unix socket the system listens on where it is installed as a package, found on this machine. */
        WELL_KNOWN_SOCKET("well-known socket"),
        /** The system's usual port on loopback, when nothing else names a place. */
        DEFAULT_PORT("default port"),
        /** A throwaway server RTT started under {@code .rtt/services/}, as nothing answered where the others point. */
        DEV_SERVICE("dev service");

        private final String description;

        Source(final String description)
        {
            this.description = description;
        }

        /**
         * The step in words, for a route's status.
         *
         * @return e.g. {@code RTT's data directory}.
         */
        public String description()
        {
            return description;
        }
    }

    /**
     * Validates the endpoint.
     */
    public DriverEndpoint
    {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The endpoint in words, for a route's status and the logs: a password in the address is shown as {@code ***}.
     *
     * @return the address and, in brackets, how it was resolved.
     */
    @Override
    public String toString()
    {
        return redacted(address) + " (" + source.description() + ")";
    }

    /**
     * An address without the password its user information may carry, for a message.
     *
     * @param address an endpoint's address.
     * @return the address, its password (after {@code user:}) replaced by {@code ***}.
     */
    public static String redacted(final URI address)
    {
        final String userInfo = address.getRawUserInfo();
        final int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        return colon < 0 ? address.toString() :
            address.toString().replace(userInfo + "@", userInfo.substring(0, colon) + ":***@");
    }
}
