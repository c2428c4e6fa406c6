package io.rtt.engine.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * Something a component exposes or is configured with that others can address: a port, a URL, an environment
 * variable, a gRPC service.
 *
 * @param kind     what sort of endpoint.
 * @param name     its name: the port's protocol, the variable's name, the service's name.
 * @param value    its value: the port number, the variable's value, the URL.
 * @param evidence where it was found.
 */
public record Endpoint(Kind kind, String name, String value, Evidence evidence) implements Comparable<Endpoint>
{
    /**
     * Kinds of endpoint.
     */
    public enum Kind
    {
        /** A TCP port the component listens on. */
        PORT,
        /** An environment variable of the component, often naming another component's address. */
        ENV,
        /** A URL the component serves. */
        URL,
        /** A gRPC service the component implements. */
        GRPC
    }

    private static final Comparator<Endpoint> ORDER = Comparator.comparing(Endpoint::kind)
        .thenComparing(Endpoint::name)
        .thenComparing(Endpoint::value)
        .thenComparing(Endpoint::evidence);

    /**
     * Validates the endpoint.
     */
    public Endpoint
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(evidence, "evidence");
    }

    @Override
    public int compareTo(final Endpoint other)
    {
        return ORDER.compare(this, other);
    }
}
