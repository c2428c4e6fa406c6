package io.rtt.engine.gen;

/**
 * Text from the graph made safe inside generated code: ids are a committed graph's, but a string literal or a comment
 * must still end where the generator ends it.
 */
final class Literals
{
    private Literals()
    {
    }

    /**
     * A double-quoted string literal that Java, Python, JavaScript and Go all read as the same string: backslash and
     * quote escaped, control characters as octal (Java) or {@code \\u00XX} escapes, everything else as it is.
     *
     * @param text the string.
     * @param java whether the literal is Java's, which turns {@code \\u} escapes into characters before it lexes.
     * @return the literal, quotes included.
     */
    static String quoted(final String text, final boolean java)
    {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20 || c == 0x7f)
            {
                out.append(java ? String.format("\\%03o", (int)c) : String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * Text for a line comment or a doc comment: control characters as {@code ?}, backslashes doubled (Java reads
     * {@code \\u} escapes in comments too), no {@code *}{@code /} to end a block comment early, and double quotes as
     * single ones, so none ends a Python docstring.
     *
     * @param text the text.
     * @return the safe text.
     */
    static String comment(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f)
            {
                out.append('?');
            }
            else if (c == '\\')
            {
                out.append("\\\\");
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString().replace("*/", "*_/").replace('"', '\'');
    }
}
