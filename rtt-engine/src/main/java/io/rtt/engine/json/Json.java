package io.rtt.engine.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's one JSON mapper: records in and out, absent optional fields left out rather than written as null.
 * <p>
 * Thread-safe once built, as Jackson mappers are.
 */
public final class Json
{
    /** The shared mapper. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
        .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
        .build();

    private Json()
    {
    }

    /**
     * A value as a JSON tree.
     *
     * @param value a record, collection or scalar.
     * @return its tree.
     */
    public static JsonNode tree(final Object value)
    {
        return MAPPER.valueToTree(value);
    }

    /**
     * A value's canonical bytes (RFC 8785).
     *
     * @param value a record, collection or scalar.
     * @return its canonical bytes.
     */
    public static byte[] canonicalBytes(final Object value)
    {
        return CanonicalJson.bytes(tree(value));
    }
}
