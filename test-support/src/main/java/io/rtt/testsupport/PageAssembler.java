package io.rtt.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Puts the pages of a paged RTT result back together, as a client would, and fails on the first element or
 * character a page shows twice or skips.
 * <p>
 * Pages are JSON as plain Java values (maps, lists, strings, numbers). An object that does not show all of a list
 * or string names it in its {@code truncated} field with {@code {from, shown, total}}; a list's first element
 * continues the element an earlier page cut when the list assembled so far already holds element {@code from}.
 * Everything else an object holds is context, the same on every page (a small object's list included).
 * <p>
 * Not thread-safe.
 */
public final class PageAssembler
{
    private static final String TRUNCATED = "truncated";
    private static final String NEXT_CURSOR = "nextCursor";

    private Map<String, Object> whole;
    private int pages;

    /**
     * Adds the next page.
     *
     * @param page the page, in the order the cursors gave them.
     * @throws IllegalStateException if the page shows again what an earlier page showed, skips something, or
     *                               changes the context.
     */
    public void add(final Map<String, Object> page)
    {
        whole = object(whole, page, "$");
        pages++;
    }

    /**
     * The result put back together, without the pages' own fields.
     *
     * @return the assembled result.
     */
    public Map<String, Object> whole()
    {
        return whole;
    }

    /**
     * Where two JSON values first differ, for a failure message that points at the difference rather than printing
     * both values whole.
     *
     * @param expected the expected value.
     * @param actual   the actual value.
     * @return the path of the first difference and both values there, or {@code null} if they are equal.
     */
    public static String firstDifference(final Object expected, final Object actual)
    {
        return difference(expected, actual, "$");
    }

    /**
     * How many pages were added.
     *
     * @return the page count.
     */
    public int pages()
    {
        return pages;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(
        final Map<String, Object> so, final Map<String, Object> page, final String where)
    {
        final Map<String, Object> out = so == null ? new LinkedHashMap<>() : so;
        final Map<String, Object> ranges = page.get(TRUNCATED) instanceof Map<?, ?> map ?
            (Map<String, Object>)map : Map.of();
        for (final Map.Entry<String, Object> entry : page.entrySet())
        {
            final String name = entry.getKey();
            final Object value = entry.getValue();
            final String at = where + "." + name;
            if (TRUNCATED.equals(name) || NEXT_CURSOR.equals(name))
            {
                continue;
            }
            final Map<String, Object> range = (Map<String, Object>)ranges.get(name);
            if (value instanceof List<?> || value instanceof String && range != null)
            {
                out.put(name, sequence(out.get(name), value, range, at));
            }
            else if (value instanceof Map<?, ?> map)
            {
                out.put(name, object((Map<String, Object>)out.get(name), (Map<String, Object>)map, at));
            }
            else if (out.containsKey(name) && !Objects.equals(out.get(name), value) && !(out.get(name) instanceof
                String text && value instanceof String && text.isEmpty()))
            {
                throw new IllegalStateException(at + ": context changed from " + brief(out.get(name)) + " to " +
                    brief(value));
            }
            else if (!(value instanceof String text && text.isEmpty() && out.containsKey(name)))
            {
                out.put(name, value);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object sequence(final Object so, final Object slice, final Map<String, Object> range,
        final String where)
    {
        final int length = length(slice);
        final int from = range == null ? 0 : ((Number)range.get("from")).intValue();
        final int shown = range == null ? length : ((Number)range.get("shown")).intValue();
        if (shown != length)
        {
            throw new IllegalStateException(where + ": the note says " + shown + " shown, the page shows " + length);
        }
        final int have = so == null ? 0 : length(so);
        if (range == null && slice.equals(so))
        {
            return so; // context: a small object's list, repeated on every page that shows the object
        }
        if (shown == 0)
        {
            return so == null ? slice : so;
        }
        if (slice instanceof String text)
        {
            if (have != from)
            {
                throw new IllegalStateException(where + ": characters from " + from + " after " + have + " assembled");
            }
            return (so == null ? "" : (String)so) + text;
        }
        final List<Object> out = so == null ? new ArrayList<>() : new ArrayList<>((List<Object>)so);
        final List<Object> elements = (List<Object>)slice;
        int first = 0;
        if (have == from + 1)
        {
            out.set(from, continuation(out.get(from), elements.get(0), where + "[" + from + "]"));
            first = 1;
        }
        else if (have != from)
        {
            throw new IllegalStateException(where + ": elements from " + from + " after " + have + " assembled");
        }
        for (int i = first; i < elements.size(); i++)
        {
            final Object element = elements.get(i);
            out.add(element instanceof Map<?, ?> map ?
                object(null, (Map<String, Object>)map, where + "[" + (from + i) + "]") : element);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object continuation(final Object so, final Object rest, final String where)
    {
        if (so instanceof Map<?, ?> map && rest instanceof Map<?, ?> more)
        {
            return object((Map<String, Object>)map, (Map<String, Object>)more, where);
        }
        if (so instanceof String text && rest instanceof String more)
        {
            return text + more;
        }
        throw new IllegalStateException(where + ": element shown twice: " + brief(so));
    }

    private static String difference(final Object expected, final Object actual, final String where)
    {
        if (expected instanceof Map<?, ?> a && actual instanceof Map<?, ?> b)
        {
            for (final Object key : a.keySet())
            {
                final String found = b.containsKey(key) ? difference(a.get(key), b.get(key), where + "." + key) :
                    where + "." + key + " missing";
                if (found != null)
                {
                    return found;
                }
            }
            return a.size() == b.size() ? null : where + " has extra fields: " + b.keySet();
        }
        if (expected instanceof List<?> a && actual instanceof List<?> b)
        {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++)
            {
                final String found = difference(a.get(i), b.get(i), where + "[" + i + "]");
                if (found != null)
                {
                    return found;
                }
            }
            return a.size() == b.size() ? null : where + " has " + b.size() + " elements, expected " + a.size();
        }
        return Objects.equals(expected, actual) ? null :
            where + ": expected " + brief(expected) + " but was " + brief(actual);
    }

    private static String brief(final Object value)
    {
        final String text = String.valueOf(value);
        return text.length() <= 120 ? text : text.substring(0, 120) + "... (" + text.length() + " characters)";
    }

    private static int length(final Object sequence)
    {
        return sequence instanceof String text ? text.length() : ((List<?>)sequence).size();
    }
}
