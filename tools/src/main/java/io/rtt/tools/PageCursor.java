package io.rtt.tools;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.rtt.engine.RttException;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Opaque page cursors: a position inside a result, bound to a tag of the digest of the result it pages, so that a
 * cursor from an older result is refused rather than silently paging a different one.
 * <p>
 * A position is a path from the result's root to the first thing the previous page did not show: field names step
 * into objects, integers step into arrays (an element's index) and end in strings (a character offset). It is
 * carried as base64url of the JSON array {@code ["p2", tag, step...]}.
 */
final class PageCursor
{
    private static final String VERSION = "p2";
    private static final int TAG_HEX_CHARS = 16;

    private PageCursor()
    {
    }

    /**
     * A cursor for a position in a result.
     *
     * @param digest   the digest of the result being paged.
     * @param position field names and non-negative integers, from the root.
     * @return the cursor.
     */
    static String encode(final String digest, final List<Object> position)
    {
        final ArrayNode array = Json.MAPPER.createArrayNode().add(VERSION).add(tag(digest));
        for (final Object step : position)
        {
            if (step instanceof Integer index)
            {
                array.add(index);
            }
            else
            {
                array.add((String)step);
            }
        }
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString(array.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position a cursor points at.
     *
     * @param cursor the cursor, or {@code null} or empty for the first page.
     * @param digest the digest of the result being paged.
     * @return the position: empty for the first page.
     * @throws RttException {@code BAD_INPUT} if the cursor is malformed or belongs to another result.
     */
    static List<Object> decode(final String cursor, final String digest)
    {
        if (cursor == null || cursor.isEmpty())
        {
            return List.of();
        }
        final JsonNode array;
        try
        {
            array = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        }
        catch (final IllegalArgumentException | JacksonException ex)
        {
            throw malformed(cursor);
        }
        if (!array.isArray() || array.size() < 3 || !VERSION.equals(array.get(0).asString(null)) ||
            !array.get(1).isString())
        {
            throw malformed(cursor);
        }
        if (!array.get(1).asString().equals(tag(digest)))
        {
            throw new RttException(RttException.Kind.BAD_INPUT,
                "cursor belongs to an earlier result: what it pages changed since; call again without cursor");
        }
        final List<Object> position = new ArrayList<>(array.size() - 2);
        for (int i = 2; i < array.size(); i++)
        {
            final JsonNode step = array.get(i);
            if (step.isString())
            {
                position.add(step.asString());
            }
            else if (step.isInt() && step.asInt() >= 0)
            {
                position.add(step.asInt());
            }
            else
            {
                throw malformed(cursor);
            }
        }
        return List.copyOf(position);
    }

    /**
     * The refusal of a cursor that names no position of the result it is bound to.
     *
     * @param cursor the cursor as given.
     * @return the exception to throw.
     */
    static RttException malformed(final String cursor)
    {
        return new RttException(RttException.Kind.BAD_INPUT,
            "malformed cursor: " + cursor + "; pass nextCursor exactly as the previous page gave it");
    }

    /** A short, collision-resistant tag of the digest: enough to tell results apart, short enough for a cursor. */
    private static String tag(final String digest)
    {
        final String hex = Digests.sha256(digest.getBytes(StandardCharsets.UTF_8));
        return hex.substring(Digests.SHA256_PREFIX.length(), Digests.SHA256_PREFIX.length() + TAG_HEX_CHARS);
    }
}
