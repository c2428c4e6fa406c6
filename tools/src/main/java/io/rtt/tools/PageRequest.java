package io.rtt.tools;

import io.rtt.engine.RttException;

/**
 * What page of a result a caller asked for, and how large it may be.
 *
 * @param cursor   the previous page's {@code nextCursor}, or {@code null} for the first page.
 * @param maxChars the most characters the page's serialised JSON may take.
 * @param limit    the most elements of any top-level list the page may hold.
 */
record PageRequest(String cursor, int maxChars, int limit)
{
    /** Characters of serialised JSON a page takes unless the caller asks otherwise. */
    static final int DEFAULT_MAX_CHARS = 20_000;
    /** The smallest budget a caller may ask for: a page must have room for an item's context and the cursor. */
    static final int MIN_MAX_CHARS = 2_000;
    /** The hard cap: no caller gets a larger page, whatever it asks for. */
    static final int MAX_MAX_CHARS = 100_000;
    /** The largest count limit a caller may ask for. */
    static final int MAX_LIMIT = 1000;

    /** The first page under the default budget, with no count limit: what resources serve. */
    static final PageRequest FIRST = new PageRequest(null, DEFAULT_MAX_CHARS, Integer.MAX_VALUE);

    /**
     * Validates the request.
     *
     * @throws RttException {@code BAD_INPUT} if the budget is outside its bounds or the limit is below 1.
     */
    PageRequest
    {
        if (maxChars < MIN_MAX_CHARS || maxChars > MAX_MAX_CHARS)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "maxChars must be from " + MIN_MAX_CHARS + " to " +
                MAX_MAX_CHARS + ", got " + maxChars);
        }
        if (limit < 1)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "limit must be at least 1, got " + limit);
        }
    }

    /**
     * The same budget at another position.
     *
     * @param cursor the position to read from, or {@code null} for the first page.
     * @return the request.
     */
    PageRequest at(final String cursor)
    {
        return new PageRequest(cursor, maxChars, limit);
    }
}
