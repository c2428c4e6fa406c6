package io.rtt.drivers.neo4j;

/**
 * Finds a {@code LOAD CSV} clause in Cypher's text, as Cypher's own lexer would: outside string literals,
 * back-quoted names and comments, the keywords {@code LOAD} and {@code CSV} in any case, separated only by white
 * space or comments. A query that spells the keywords apart in any other way is not Cypher, so the server refuses
 * it anyway; one that holds them only inside a string or a comment does not load anything.
 * <p>
 * Stateless: a utility.
 */
final class LoadCsvScanner
{
    private LoadCsvScanner()
    {
    }

    /**
     * Whether a query loads CSV.
     *
     * @param cypher the query's text.
     * @return true when it has a {@code LOAD CSV} clause.
     */
    static boolean loadsCsv(final String cypher)
    {
        final int length = cypher.length();
        boolean afterLoad = false;
        int i = 0;
        while (i < length)
        {
            final char c = cypher.charAt(i);
            if (c == '/' && i + 1 < length && cypher.charAt(i + 1) == '/')
            {
                final int newline = cypher.indexOf('\n', i);
                i = newline < 0 ? length : newline + 1;
            }
            else if (c == '/' && i + 1 < length && cypher.charAt(i + 1) == '*')
            {
                final int end = cypher.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            }
            else if (c == '\'' || c == '"')
            {
                i = skipString(cypher, i, c);
                afterLoad = false;
            }
            else if (c == '`')
            {
                // a back-quoted name ends at a lone back quote; two in a row are one inside the name
                int end = cypher.indexOf('`', i + 1);
                while (end >= 0 && end + 1 < length && cypher.charAt(end + 1) == '`')
                {
                    end = cypher.indexOf('`', end + 2);
                }
                i = end < 0 ? length : end + 1;
                afterLoad = false;
            }
            else if (Character.isJavaIdentifierStart(c))
            {
                int end = i + 1;
                while (end < length && Character.isJavaIdentifierPart(cypher.charAt(end)))
                {
                    end++;
                }
                final boolean csv = end - i == 3 && cypher.regionMatches(true, i, "CSV", 0, 3);
                if (afterLoad && csv)
                {
                    return true;
                }
                afterLoad = end - i == 4 && cypher.regionMatches(true, i, "LOAD", 0, 4);
                i = end;
            }
            else
            {
                if (!Character.isWhitespace(c))
                {
                    afterLoad = false;
                }
                i++;
            }
        }
        return false;
    }

    /** The index after a string literal that starts at {@code start}, its backslash escapes skipped. */
    private static int skipString(final String cypher, final int start, final char quote)
    {
        int i = start + 1;
        while (i < cypher.length())
        {
            final char c = cypher.charAt(i);
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == quote)
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }
        return cypher.length();
    }
}
