package io.rtt.tools;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.rtt.engine.RttException;

/**
 * Opaque page cursors: an offset bound to the digest of the result it pages, so a cursor from an older result is
 * refused rather than silently paging a different list.
 */
final class PageCursor
{
    private static final String VERSION = "v1";

    private PageCursor()
    {
    }

    static String encode(final int offset, final String digest)
    {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString((VERSION + ":" + offset + ":" + digest).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The offset a cursor points at.
     *
     * @param cursor the cursor, or {@code null} for the first page.
     * @param digest the digest of the result being paged.
     * @return the offset.
     * @throws RttException {@code BAD_INPUT} if the cursor is malformed or belongs to another result.
     */
    static int offset(final String cursor, final String digest)
    {
        if (cursor == null || cursor.isEmpty())
        {
            return 0;
        }
        final String[] parts;
        try
        {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "malformed cursor: " + cursor);
        }
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !parts[1].matches("\\d{1,9}"))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "malformed cursor: " + cursor);
        }
        if (!parts[2].equals(digest))
        {
            throw new RttException(RttException.Kind.BAD_INPUT,
                "cursor belongs to an earlier scan; the index changed since: call again without cursor");
        }
        return Integer.parseInt(parts[1]);
    }

    static <T> List<T> page(final List<T> items, final int offset, final int limit)
    {
        return offset >= items.size() ? List.of() : items.subList(offset, Math.min(items.size(), offset + limit));
    }
}
