package io.rtt.engine.drivers;

import java.util.Objects;

/**
 * A credential a driver presents to its system (a password), kept out of every log line and status: its
 * {@link #toString()} names where it came from, never the value.
 * <p>
 * It comes only from the environment ({@code RTT_SECRET_<ID>}) or a file only its owner may read, named by rtt.yaml;
 * never from the index, the graph or rtt.yaml itself.
 */
public final class DriverSecret
{
    private final String value;
    private final String origin;

    /**
     * A secret.
     *
     * @param value  the credential.
     * @param origin where it came from, in words safe to log (a variable's or a file's name).
     */
    public DriverSecret(final String value, final String origin)
    {
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /**
     * The credential, for the driver to present; never to be logged.
     *
     * @return the value.
     */
    public String value()
    {
        return value;
    }

    /**
     * Where the secret came from.
     *
     * @return e.g. {@code RTT_SECRET_CACHE}.
     */
    public String origin()
    {
        return origin;
    }

    @Override
    public String toString()
    {
        return "secret from " + origin;
    }
}
