package io.rtt.engine.scan.internal;

import java.util.List;
import java.util.Locale;

import io.rtt.engine.model.ComponentKind;

/**
 * Recognises datastores and platform pieces from container image names.
 */
public final class Images
{
    /**
     * What an image runs.
     *
     * @param kind       the kind of component.
     * @param technology what it is, e.g. {@code postgres}, or {@code null} if unrecognised.
     */
    public record Recognized(ComponentKind kind, String technology)
    {
    }

    private record Known(String fragment, ComponentKind kind, String technology)
    {
    }

    // Order matters: the first fragment found in the image's repository path wins.
    private static final List<Known> KNOWN = List.of(
        new Known("postgres", ComponentKind.DATASTORE, "postgres"),
        new Known("postgis", ComponentKind.DATASTORE, "postgres"),
        new Known("supabase", ComponentKind.DATASTORE, "postgres"),
        new Known("redis", ComponentKind.DATASTORE, "redis"),
        new Known("valkey", ComponentKind.DATASTORE, "redis"),
        new Known("mysql", ComponentKind.DATASTORE, "mysql"),
        new Known("mariadb", ComponentKind.DATASTORE, "mysql"),
        new Known("mongo", ComponentKind.DATASTORE, "mongodb"),
        new Known("neo4j", ComponentKind.DATASTORE, "neo4j"),
        new Known("qdrant", ComponentKind.DATASTORE, "qdrant"),
        new Known("sqlite", ComponentKind.DATASTORE, "sqlite"),
        new Known("kafka", ComponentKind.BROKER, "kafka"),
        new Known("redpanda", ComponentKind.BROKER, "kafka"),
        new Known("rabbitmq", ComponentKind.BROKER, "rabbitmq"),
        new Known("kong", ComponentKind.GATEWAY, "kong"),
        new Known("prometheus", ComponentKind.METRICS, "prometheus"));

    private static final Recognized UNKNOWN = new Recognized(ComponentKind.EXTERNAL, null);

    private Images()
    {
    }

    /**
     * What an image runs.
     *
     * @param image an image reference such as {@code docker.io/library/postgres:16-alpine}.
     * @return its kind and technology; {@link ComponentKind#EXTERNAL} with no technology if not recognised.
     */
    public static Recognized classify(final String image)
    {
        final String repository = repository(image);
        for (final Known known : KNOWN)
        {
            if (repository.contains(known.fragment))
            {
                return new Recognized(known.kind, known.technology);
            }
        }
        return UNKNOWN;
    }

    /**
     * The image's repository path without registry host, tag or digest, in lower case.
     *
     * @param image an image reference.
     * @return e.g. {@code library/postgres} for {@code docker.io/library/postgres:16}.
     */
    static String repository(final String image)
    {
        String text = image.toLowerCase(Locale.ROOT);
        final int at = text.indexOf('@');
        if (at >= 0)
        {
            text = text.substring(0, at);
        }
        final int slash = text.indexOf('/');
        if (slash > 0 && (text.substring(0, slash).contains(".") || text.substring(0, slash).contains(":")))
        {
            text = text.substring(slash + 1); // drop a registry host
        }
        final int colon = text.lastIndexOf(':');
        return colon > text.lastIndexOf('/') ? text.substring(0, colon) : text;
    }
}
