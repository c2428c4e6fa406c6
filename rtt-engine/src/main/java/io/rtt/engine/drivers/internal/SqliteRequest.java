package io.rtt.engine.drivers.internal;

import java.util.List;

import io.rtt.engine.drivers.SqlRequest;
import io.rtt.engine.json.Json;
import tools.jackson.core.JacksonException;

/**
 * Reads a request to the sqlite driver: a statement's UTF-8 text as it is, or the JSON every SQL driver reads
 * ({@link SqlRequest}) without claims. A statement never begins with an opening brace, so the first non-blank
 * character tells the forms apart.
 */
final class SqliteRequest
{
    /** The forms, said in each refusal. */
    static final String USAGE = "a sqlite request is a statement's text, {\"sql\": \"...\", \"params\": [...]} or " +
        "{\"tx\": [{\"sql\": \"...\", \"params\": [...]}, ...]}, optionally with \"readOnly\": true";

    private SqliteRequest()
    {
    }

    /**
     * Reads a request.
     *
     * @param text the request's UTF-8 text.
     * @return the request.
     * @throws IllegalArgumentException when it begins as JSON but has neither JSON form, or carries claims.
     */
    static SqlRequest of(final String text)
    {
        if (!text.stripLeading().startsWith("{"))
        {
            return new SqlRequest(List.of(new SqlRequest.Statement(text, List.of())), false, false, null);
        }
        final SqlRequest request;
        try
        {
            request = SqlRequest.of(Json.MAPPER.readTree(text), USAGE);
        }
        catch (final JacksonException ex)
        {
            throw new IllegalArgumentException("a sqlite request that starts with '{' is JSON, and this one is not (" +
                ex.getOriginalMessage() + "); send {\"sql\": \"...\", \"params\": [...]}", ex);
        }
        if (request.claims() != null)
        {
            throw new IllegalArgumentException("claims are postgres's (Row Level Security): " + USAGE);
        }
        return request;
    }
}
