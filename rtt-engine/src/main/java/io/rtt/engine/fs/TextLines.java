package io.rtt.engine.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * A file's text cut into lines that keep their ends, so that joining them gives the text back byte for byte: what an
 * edit that rewrites some lines of a file and leaves the others as they were needs.
 */
public final class TextLines
{
    private TextLines()
    {
    }

    /**
     * Cuts text after each {@code \n}.
     *
     * @param text the text.
     * @return its lines, each with its {@code \n} (and a {@code \r} before it) where it has one; the last may have
     *         none.
     */
    public static List<String> keepingEnds(final String text)
    {
        final List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++)
        {
            if (text.charAt(i) == '\n')
            {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length())
        {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
