package io.rtt.engine.deps;

import java.util.List;

/**
 * A unified diff of a file whose lines were replaced one for one (no lines added or removed), with three lines of
 * context, as {@code diff -u} prints it.
 */
final class UnifiedDiff
{
    private static final int CONTEXT = 3;

    private UnifiedDiff()
    {
    }

    static String of(final String path, final List<String> before, final List<String> after)
    {
        final StringBuilder out = new StringBuilder("--- a/" + path + "\n+++ b/" + path + "\n");
        int i = 0;
        while (i < before.size())
        {
            if (before.get(i).equals(after.get(i)))
            {
                i++;
                continue;
            }
            final int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while changes are within 2 * CONTEXT lines of each other
            for (int j = i; j < before.size() && j <= end + 2 * CONTEXT; j++)
            {
                if (!before.get(j).equals(after.get(j)))
                {
                    end = j;
                }
            }
            final int stop = Math.min(before.size(), end + CONTEXT + 1);
            out.append("@@ -").append(start + 1).append(',').append(stop - start)
                .append(" +").append(start + 1).append(',').append(stop - start).append(" @@\n");
            for (int j = start; j < stop; j++)
            {
                if (before.get(j).equals(after.get(j)))
                {
                    out.append(' ').append(line(before.get(j)));
                }
                else
                {
                    out.append('-').append(line(before.get(j))).append('+').append(line(after.get(j)));
                }
            }
            i = stop;
        }
        return out.toString();
    }

    private static String line(final String text)
    {
        return text.endsWith("\n") ? text : text + "\n\\ No newline at end of file\n";
    }
}
