package io.rtt.engine.scan.internal;

import java.util.List;
import java.util.Locale;

import io.rtt.engine.model.ComponentKind;

/**
 * Recognises datastores and platform pieces from container image names.
 */
public final class Images
{
    private record Known(String fragment, ComponentKind kind)
    {
    }

    // Order matters: the first fragment found in the image's repository path wins.
    private static final List<Known> KNOWN = List.of(
        new Known("postgres", ComponentKind.DATASTORE),
        new Known("postgis", ComponentKind.DATASTORE),
        new Known("supabase", ComponentKind.DATASTORE),
        new Known("redis", ComponentKind.DATASTORE),
        new Known("valkey", ComponentKind.DATASTORE),
        new Known("mysql", ComponentKind.DATASTORE),
        new Known("mariadb", ComponentKind.DATASTORE),
        new Known("mongo", ComponentKind.DATASTORE),
        new Known("neo4j", ComponentKind.DATASTORE),
        new Known("qdrant", ComponentKind.DATASTORE),
        new Known("sqlite", ComponentKind.DATASTORE),
        new Known("kafka", ComponentKind.BROKER),
        new Known("redpanda", ComponentKind.BROKER),
        new Known("rabbitmq", ComponentKind.BROKER),
        new Known("kong", ComponentKind.GATEWAY),
        new Known("prometheus", ComponentKind.METRICS));

    private Images()
    {
    }

    /**
     * The kind of component an image runs.
     *
     * @param image an image reference such as {@code docker.io/library/postgres:16-alpine}.
     * @return the kind, or {@link ComponentKind#EXTERNAL} if the image is not recognised.
     */
    public static ComponentKind classify(final String image)
    {
        final String repository = repository(image);
        for (final Known known : KNOWN)
        {
            if (repository.contains(known.fragment))
            {
                return known.kind;
            }
        }
        return ComponentKind.EXTERNAL;
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
