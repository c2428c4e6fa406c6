package io.rtt.engine.query;

import java.time.Duration;
import java.util.Objects;

import io.rtt.engine.RttException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A query against a component's datastore.
 *
 * @param component   the datastore component's id.
 * @param text        SQL for postgres and sqlite, Cypher for neo4j, a Redis command and its arguments separated by
 *                    blanks for redis.
 * @param params      the query's parameters: an array for SQL ({@code ?} in order) and for Redis (arguments after
 *                    those in the text), an object for Cypher ({@code $name}); null for none.
 * @param allowWrites whether the query may change the datastore; read-only otherwise, as the driver enforces.
 * @param timeout     how long to wait for the answer.
 */
public record QueryRequest(String component, String text, @Nullable JsonNode params, boolean allowWrites,
    Duration timeout)
{
    /** The longest wait a query may ask for. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** The most characters a query's text may have. */
    public static final int MAX_TEXT_CHARS = 64 * 1024;

    /**
     * Validates the request.
     *
     * @throws RttException {@code BAD_INPUT} for an empty or oversized text, or a timeout out of bounds.
     */
    public QueryRequest
    {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(timeout, "timeout");
        if (text.isBlank() || text.length() > MAX_TEXT_CHARS)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "a query is 1 to " + MAX_TEXT_CHARS +
                " characters, not " + text.length());
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "a query's timeout is above 0 and at most " +
                MAX_TIMEOUT.toMinutes() + " minutes, not " + timeout);
        }
    }
}
