package io.rtt.tools;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

import io.rtt.engine.RttException;
import io.rtt.engine.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one budgeted page writer every tool result and every resource goes through: it cuts a result (a JSON object)
 * into pages whose serialised JSON stays within a character budget, and says on each page what it left out and
 * where the next page starts.
 * <p>
 * How a result is cut:
 * <ul>
 * <li>Small values (numbers, booleans, null, and strings or objects of at most {@value #FIXED_MAX_CHARS}
 *     characters) are the context of the object holding them: they repeat on every page that shows any of it.</li>
 * <li>Everything else is paged in document order: lists element by element, long strings character by character,
 *     large objects field by field. A page stops before the first element that no longer fits, and
 *     {@code nextCursor} names that position.</li>
 * <li>An element too large for a page of its own (a component with thousands of evidence entries, a diagnostic with
 *     a huge message) is cut the same way inside, where the page has room for a good part of it: its own lists and
 *     strings are paged, and the next page resumes inside it, repeating its small fields (its id, its name) so the
 *     reader knows what continues.</li>
 * <li>An object that does not show all of one of its lists or long strings says so in its {@value #TRUNCATED}
 *     field, e.g. {@code "truncated": {"evidence": {"from": 0, "shown": 40, "total": 500}}}: what was left out, and
 *     {@code nextCursor} is how to get it. A list the cursor has moved past shows empty with {@code from} equal to
 *     {@code total}.</li>
 * </ul>
 * A list directly inside a list is kept whole: it has no object to carry its note, and no result has one.
 * <p>
 * Paging from the first page through every {@code nextCursor} shows every element and every character exactly once,
 * and no page is longer than its budget: the writer measures the page it built and, if its estimate was short,
 * builds a smaller one.
 * <p>
 * Thread-safe: stateless.
 */
final class PageWriter
{
    /** The field in which an object lists what of it a page does not show. */
    static final String TRUNCATED = "truncated";
    /** The field naming where the next page starts; absent on the last page. */
    static final String NEXT_CURSOR = "nextCursor";
    /** Strings and objects up to this many characters of JSON are context, repeated rather than paged. */
    static final int FIXED_MAX_CHARS = 256;

    /** Room kept for the page's own fields: its cursor and its top-level truncation note. */
    private static final int RESERVE_CHARS = 320;
    /** What one entry of a truncation note takes, besides its field name: {"from":N,"shown":N,"total":N}. */
    private static final int RANGE_CHARS = 56;

    private PageWriter()
    {
    }

    /**
     * One page of a result.
     *
     * @param result  the whole result.
     * @param digest  the digest of what the result pages (binds the cursor): the same data gives the same digest.
     * @param request the position and budget asked for.
     * @return the page, with {@value #NEXT_CURSOR} unless it is the last.
     * @throws RttException {@code BAD_INPUT} if the cursor is malformed or stale, or the budget cannot hold even the
     *                      smallest page of this result.
     */
    static ObjectNode page(final ObjectNode result, final String digest, final PageRequest request)
    {
        final List<Object> resume = PageCursor.decode(request.cursor(), digest);
        long content = request.maxChars() - RESERVE_CHARS;
        while (true)
        {
            final Pass pass = new Pass(content, request.limit(), request.cursor());
            final ObjectNode page = (ObjectNode)pass.object(result, resume).node();
            if (pass.stop != null)
            {
                page.put(NEXT_CURSOR, PageCursor.encode(digest, pass.stop));
            }
            final int size = length(page);
            if (size <= request.maxChars())
            {
                return page;
            }
            if (content < 0)
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "maxChars=" + request.maxChars() +
                    " cannot hold the smallest page of this result (" + size + " characters); call again with a " +
                    "larger maxChars");
            }
            // The estimate was short (escapes, markers): build the page again with what it overshot taken off.
            content -= size - request.maxChars() + RESERVE_CHARS;
        }
    }

    /**
     * Characters of a value's JSON as the toolpack serialises it.
     *
     * @param node the value.
     * @return its length.
     */
    static int length(final JsonNode node)
    {
        return Json.MAPPER.writeValueAsString(node).length();
    }

    /** A value as shown on a page, with the range of it shown when it is a list or string not shown whole. */
    private record Part(JsonNode node, ObjectNode range)
    {
    }

    /**
     * One attempt at a page under one content budget. The position steps (field names, indexes, offsets) of the
     * value being written are kept in {@link #path}, so a stop records exactly where the next page starts.
     */
    private static final class Pass
    {
        private final int limit;
        private final String cursor;
        private final ArrayDeque<Object> path = new ArrayDeque<>();
        private final long capacity;
        private long budget;
        private boolean delivered;
        private List<Object> stop;

        Pass(final long budget, final int limit, final String cursor)
        {
            this.capacity = budget;
            this.budget = budget;
            this.limit = limit;
            this.cursor = cursor;
        }

        /**
         * Writes a paged value.
         *
         * @param node   the value: a list, a long string or a large object.
         * @param resume where in it this page starts: {@code null} if an earlier page showed all of it, empty for
         *               its start.
         */
        private Part value(final JsonNode node, final List<Object> resume)
        {
            if (node.isArray())
            {
                return array((ArrayNode)node, resume);
            }
            if (node.isString())
            {
                return string(node.asString(), resume);
            }
            if (node.isObject())
            {
                return object((ObjectNode)node, resume);
            }
            throw PageCursor.malformed(cursor); // a cursor stepping into a number or boolean
        }

        private Part object(final ObjectNode node, final List<Object> resume)
        {
            final ObjectNode out = node.objectNode();
            final ObjectNode truncated = node.objectNode();
            final String resumeField = resume == null || resume.isEmpty() ? null : field(resume.get(0));
            boolean before = resume == null || resumeField != null;
            budget -= 2;
            for (final Map.Entry<String, JsonNode> entry : node.properties())
            {
                final String name = entry.getKey();
                final JsonNode value = entry.getValue();
                budget -= jsonLength(name, 0, name.length()) + 2;
                if (fixed(value))
                {
                    out.set(name, value);
                    budget -= length(value);
                    continue;
                }
                List<Object> at = List.of();
                if (before)
                {
                    at = null;
                    if (name.equals(resumeField))
                    {
                        before = false;
                        at = resume.subList(1, resume.size());
                    }
                }
                path.addLast(name);
                final Part part = value(value, at);
                path.removeLast();
                out.set(name, part.node());
                if (part.range() != null)
                {
                    truncated.set(name, part.range());
                    budget -= jsonLength(name, 0, name.length()) + RANGE_CHARS;
                }
            }
            if (resumeField != null && before)
            {
                throw PageCursor.malformed(cursor); // the cursor names a field this object does not page
            }
            if (!truncated.isEmpty())
            {
                out.set(TRUNCATED, truncated);
            }
            return new Part(out, null);
        }

        private Part array(final ArrayNode node, final List<Object> resume)
        {
            final int total = node.size();
            final boolean top = path.size() == 1;
            final ArrayNode out = node.arrayNode();
            int from = total;
            List<Object> inside = List.of();
            if (resume != null && !resume.isEmpty())
            {
                from = index(resume.get(0), total);
                inside = resume.subList(1, resume.size());
                if (!inside.isEmpty() && (from == total || !splittable(node.get(from))))
                {
                    throw PageCursor.malformed(cursor);
                }
            }
            else if (resume != null)
            {
                from = 0;
            }
            boolean partial = !inside.isEmpty();
            int next = from;
            budget -= 2;
            while (stop == null && next < total)
            {
                final JsonNode element = node.get(next);
                path.addLast(next);
                if (next == from && !inside.isEmpty())
                {
                    out.add(value(element, inside).node()); // the rest of an element an earlier page cut
                    next++;
                }
                else if (top && out.size() >= limit)
                {
                    stopHere();
                }
                else
                {
                    final long cost = length(element) + 1L;
                    if (cost <= budget || !delivered && !splittable(element))
                    {
                        out.add(element);
                        budget -= cost;
                        delivered = true;
                        next++;
                    }
                    else if (!delivered || cost > capacity && budget > capacity / 4)
                    {
                        // Too large for this page or any: cut inside it, so the page moves forward, and fills.
                        out.add(value(element, List.of()).node());
                        partial |= stop != null;
                        next++;
                    }
                    else
                    {
                        stopHere();
                    }
                }
                path.removeLast();
            }
            final boolean whole = from == 0 && out.size() == total && !partial;
            return new Part(out, whole || total == 0 ? null : range(node, from, out.size(), total));
        }

        private Part string(final String text, final List<Object> resume)
        {
            final int total = text.length();
            int from = total;
            if (resume != null)
            {
                if (resume.size() > 1)
                {
                    throw PageCursor.malformed(cursor);
                }
                from = resume.isEmpty() ? 0 : index(resume.get(0), total);
                if (from > 0 && from < total && Character.isLowSurrogate(text.charAt(from)))
                {
                    throw PageCursor.malformed(cursor);
                }
            }
            int end = from;
            if (stop == null && from < total)
            {
                final long cost = jsonLength(text, from, total);
                if (cost <= budget || !delivered || cost > capacity && budget > capacity / 4)
                {
                    end = cost <= budget ? total : prefixEnd(text, from, budget);
                    budget -= jsonLength(text, from, end);
                    delivered = true;
                }
                if (end < total)
                {
                    path.addLast(end);
                    stopHere();
                    path.removeLast();
                }
            }
            final ObjectNode range = from == 0 && end == total ? null : Json.MAPPER.createObjectNode()
                .put("from", from).put("shown", end - from).put("total", total);
            return new Part(Json.MAPPER.getNodeFactory().stringNode(text.substring(from, end)), range);
        }

        private void stopHere()
        {
            stop = List.copyOf(path);
        }

        private static ObjectNode range(final ArrayNode node, final int from, final int shown, final int total)
        {
            return node.objectNode().put("from", from).put("shown", shown).put("total", total);
        }

        private String field(final Object step)
        {
            if (step instanceof String name)
            {
                return name;
            }
            throw PageCursor.malformed(cursor);
        }

        private int index(final Object step, final int total)
        {
            if (step instanceof Integer index && index <= total)
            {
                return index;
            }
            throw PageCursor.malformed(cursor);
        }
    }

    /** Whether a value is context, repeated on every page that shows its object, rather than paged. */
    private static boolean fixed(final JsonNode value)
    {
        if (value.isArray())
        {
            return false;
        }
        if (value.isString())
        {
            final String text = value.asString();
            return jsonLength(text, 0, text.length()) <= FIXED_MAX_CHARS;
        }
        return !value.isObject() || lengthWithin(value, FIXED_MAX_CHARS) <= FIXED_MAX_CHARS;
    }

    /**
     * Characters of a value's JSON, counted only until they pass a bound: whether a large object is context must
     * not cost a serialisation of all of it on every page.
     */
    private static long lengthWithin(final JsonNode value, final long bound)
    {
        if (value.isString())
        {
            final String text = value.asString();
            return jsonLength(text, 0, text.length());
        }
        if (!value.isContainer())
        {
            return value.toString().length();
        }
        long length = 2;
        if (value.isObject())
        {
            for (final Map.Entry<String, JsonNode> entry : value.properties())
            {
                length += jsonLength(entry.getKey(), 0, entry.getKey().length()) + 2 +
                    lengthWithin(entry.getValue(), bound - length);
                if (length > bound)
                {
                    return length;
                }
            }
        }
        else
        {
            for (final JsonNode element : value)
            {
                length += lengthWithin(element, bound - length) + 1;
                if (length > bound)
                {
                    return length;
                }
            }
        }
        return length;
    }

    /**
     * Whether a list element can be cut inside: a long string, or an object with a list, long string or large object
     * in it. A list directly inside a list has no object to carry its note, so it is kept whole (no output has one).
     */
    private static boolean splittable(final JsonNode element)
    {
        if (element.isString())
        {
            return element.asString().length() > 1;
        }
        if (element.isObject())
        {
            for (final Map.Entry<String, JsonNode> entry : element.properties())
            {
                if (!fixed(entry.getValue()))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** The end of the longest prefix of {@code text[from..]} whose JSON fits the budget; at least one code point. */
    private static int prefixEnd(final String text, final int from, final long budget)
    {
        long used = 2;
        int end = from;
        while (end < text.length())
        {
            final int width = Character.isHighSurrogate(text.charAt(end)) && end + 1 < text.length() ? 2 : 1;
            long cost = 0;
            for (int i = end; i < end + width; i++)
            {
                cost += escapedLength(text.charAt(i));
            }
            if (used + cost > budget && end > from)
            {
                break;
            }
            used += cost;
            end += width;
        }
        return end;
    }

    /** Characters of {@code text[from..to)} as a JSON string, quotes included, escaped as Jackson escapes it. */
    private static long jsonLength(final String text, final int from, final int to)
    {
        long length = 2;
        for (int i = from; i < to; i++)
        {
            length += escapedLength(text.charAt(i));
        }
        return length;
    }

    private static int escapedLength(final char c)
    {
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
        {
            return 2;
        }
        return c < 0x20 ? 6 : 1;
    }
}
