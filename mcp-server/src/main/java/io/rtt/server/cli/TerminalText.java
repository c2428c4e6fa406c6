package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What the CLI prints for people, with every name that came from the workspace escaped: a directory, a component or
 * a message holding a newline, an ESC or another control character would break a table or send escape sequences to
 * the terminal. Formats are ours and printed as they are; {@code printf}'s arguments are data and are escaped.
 */
public final class TerminalText extends PrintWriter
{
    /**
     * Wraps the CLI's result stream.
     *
     * @param out the stream results go to.
     */
    public TerminalText(final PrintWriter out)
    {
        super(out, true);
    }

    @Override
    public PrintWriter printf(final String format, final Object... args)
    {
        return format(format, args);
    }

    @Override
    public PrintWriter format(final String format, final Object... args)
    {
        final Object[] escaped = new Object[args.length];
        for (int i = 0; i < args.length; i++)
        {
            escaped[i] = args[i] instanceof Number || args[i] == null ? args[i] : escape(String.valueOf(args[i]));
        }
        return super.format(Locale.ROOT, format, escaped);
    }

    /**
     * Escapes control characters (C0, DEL, C1) as {@code \n}, {@code \t}, {@code \r} or {@code \xNN}.
     *
     * @param text text from the workspace or from an error.
     * @return the text, safe to print on a terminal.
     */
    public static String escape(final String text)
    {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            final boolean control = c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f;
            if (control && out == null)
            {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null)
            {
                if (!control)
                {
                    out.append(c);
                }
                else
                {
                    out.append(switch (c)
                    {
                        case '\n' -> "\\n";
                        case '\t' -> "\\t";
                        case '\r' -> "\\r";
                        default -> String.format(Locale.ROOT, "\\x%02x", (int)c);
                    });
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
