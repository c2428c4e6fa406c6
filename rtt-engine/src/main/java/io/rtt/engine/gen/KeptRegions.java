package io.rtt.engine.gen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.RttException;
import io.rtt.engine.fs.TextLines;
import org.jspecify.annotations.Nullable;

/**
 * The hand-edited regions of a generated file, which regeneration keeps. A region is the lines between two marker
 * lines, in the language's line comment:
 * <pre>
 * // rtt:keep begin methods
 * ...anything, kept as it is...
 * // rtt:keep end
 * </pre>
 * The generator writes every region a file has (empty, or with a hint); what a person puts between its markers
 * replaces that default each time the file is regenerated. A region the generator does not write, a marker without
 * its pair, or a name used twice makes the file refused rather than rewritten, so no edit is lost.
 */
final class KeptRegions
{
    /** The text that opens a region; the region's name follows it. */
    static final String BEGIN = "rtt:keep begin";
    /** The text that closes a region. */
    static final String END = "rtt:keep end";

    private static final Pattern BEGIN_LINE = Pattern.compile(Pattern.quote(BEGIN) + "(?:\\s+(\\S+))?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private KeptRegions()
    {
    }

    /**
     * The regions of a file.
     *
     * @param text the file's text.
     * @param file the file, for messages.
     * @return each region's content (whole lines, with their line ends), by name, in file order.
     * @throws RttException {@code BAD_INPUT} for a marker without its pair, a nested region, a region without a
     *                      name or a name used twice.
     */
    static Map<String, String> parse(final String text, final String file)
    {
        final Map<String, String> regions = new LinkedHashMap<>();
        @Nullable String open = null;
        int openLine = 0;
        final StringBuilder content = new StringBuilder();
        final List<String> lines = TextLines.keepingEnds(text);
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            final String name = beginName(line, file, i + 1);
            if (name != null)
            {
                if (open != null)
                {
                    throw bad(file, i + 1, "region '" + name + "' begins inside region '" + open + "' (line " +
                        openLine + "); close it first with '" + END + "'");
                }
                if (regions.containsKey(name))
                {
                    throw bad(file, i + 1, "region '" + name + "' is there twice");
                }
                open = name;
                openLine = i + 1;
                content.setLength(0);
            }
            else if (line.contains(END))
            {
                if (open == null)
                {
                    throw bad(file, i + 1, "'" + END + "' without '" + BEGIN + " <name>' before it");
                }
                regions.put(open, content.toString());
                open = null;
            }
            else if (open != null)
            {
                content.append(line);
            }
        }
        if (open != null)
        {
            throw bad(file, openLine, "region '" + open + "' has no '" + END + "'");
        }
        return regions;
    }

    /**
     * A freshly rendered file with the kept regions of its previous version put back.
     *
     * @param generated the rendered text, whose regions hold their defaults.
     * @param kept      the previous version's regions, from {@link #parse}.
     * @param file      the file, for messages.
     * @return the text to write.
     * @throws RttException {@code BAD_INPUT} when the previous version has a region the generator does not write.
     */
    static String splice(final String generated, final Map<String, String> kept, final String file)
    {
        final Set<String> written = parse(generated, file).keySet();
        final Set<String> foreign = new TreeSet<>(kept.keySet());
        foreign.removeAll(written);
        if (!foreign.isEmpty())
        {
            throw new RttException(RttException.Kind.BAD_INPUT, file + ": region '" + foreign.iterator().next() +
                "' is not one rtt gen writes (it writes " + String.join(", ", written) + "); move its lines into " +
                "one of those regions, or delete its markers, then run rtt gen again. The file is left as it is");
        }
        final StringBuilder out = new StringBuilder(generated.length() + 256);
        boolean skipping = false;
        for (final String line : TextLines.keepingEnds(generated))
        {
            final String name = beginName(line, file, 0);
            if (name != null)
            {
                out.append(line);
                if (kept.containsKey(name))
                {
                    out.append(kept.get(name));
                    skipping = true;
                }
            }
            else if (line.contains(END))
            {
                out.append(line);
                skipping = false;
            }
            else if (!skipping)
            {
                out.append(line);
            }
        }
        return out.toString();
    }

    private static @Nullable String beginName(final String line, final String file, final int number)
    {
        final Matcher matcher = BEGIN_LINE.matcher(line);
        if (!matcher.find())
        {
            return null;
        }
        final String name = matcher.group(1);
        if (name == null || !NAME.matcher(name).matches())
        {
            throw bad(file, number, "'" + BEGIN + "' needs a name of letters, digits, '_' or '-'");
        }
        return name;
    }

    private static RttException bad(final String file, final int line, final String problem)
    {
        return new RttException(RttException.Kind.BAD_INPUT, file + ":" + line + ": " + problem + "; the file is " +
            "left as it is (README, \"Generated connectors\")");
    }
}
