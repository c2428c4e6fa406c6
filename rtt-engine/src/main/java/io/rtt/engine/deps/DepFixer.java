package io.rtt.engine.deps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.fs.TextLines;

/**
 * Rewrites the version strings the doctor flagged, and nothing else: each edit replaces one specifier on the line
 * the scan recorded (or on the property line when the version comes from a Maven property), so every other byte of
 * the file (formatting, order, indentation, quoting, comments, line endings) stays as it was. Each file is
 * replaced atomically (write, fsync, rename). A requirements file pinned with hashes is never edited: the result
 * names the command that regenerates it instead.
 * <p>
 * Stateless and thread-safe; concurrent fixes of one workspace are the caller's to avoid.
 */
public final class DepFixer
{
    /** Lines after a declaration searched for its version (a pom.xml dependency spans several lines). */
    private static final int LOOKAHEAD_LINES = 12;

    /**
     * What a fix did or would do.
     *
     * @param files   workspace-relative files changed (or that would change), sorted.
     * @param edits   version strings rewritten.
     * @param skipped declarations that could not be rewritten, with why, and each hashed lock left to its tool with
     *                the command that regenerates it.
     * @param diff    a unified diff of the changes.
     */
    public record FixResult(List<String> files, int edits, List<String> skipped, String diff)
    {
        /**
         * Validates the record and freezes its lists.
         */
        public FixResult
        {
            files = List.copyOf(files);
            skipped = List.copyOf(skipped);
        }
    }

    private record Edit(String name, Occurrence occurrence)
    {
    }

    private DepFixer()
    {
    }

    /**
     * Applies (or, for a dry run, only shows) the report's proposals.
     *
     * @param workspace the workspace.
     * @param report    the doctor's report.
     * @param dryRun    whether to write nothing.
     * @return the files changed and the diff.
     * @throws RttException {@code IO} if a file cannot be read or written; files written before it stay written.
     */
    public static FixResult fix(final Workspace workspace, final DoctorReport report, final boolean dryRun)
    {
        final Map<String, List<Edit>> byFile = new TreeMap<>();
        final Set<String> locks = new TreeSet<>();
        for (final DriftGroup group : report.groups())
        {
            for (final Occurrence occurrence : group.occurrences())
            {
                if (Occurrence.DRIFT.equals(occurrence.status()))
                {
                    byFile.computeIfAbsent(occurrence.file(), k -> new ArrayList<>())
                        .add(new Edit(group.name(), occurrence));
                }
                else if (Occurrence.COMPILED.equals(occurrence.status()))
                {
                    locks.add(occurrence.file());
                }
            }
        }
        final List<String> changed = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        for (final String file : locks)
        {
            final HashedRequirements lock = HashedRequirements.read(workspace, file);
            skipped.add(file + ": pins with hashes, not edited by hand; " +
                (lock == null ? "regenerate it with the tool that wrote it" : lock.regenerate()));
        }
        final StringBuilder diff = new StringBuilder();
        int edits = 0;
        for (final Map.Entry<String, List<Edit>> entry : byFile.entrySet())
        {
            final Path file = workspace.resolveInside(entry.getKey());
            final String before;
            try
            {
                before = Files.readString(file, StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                throw new RttException(RttException.Kind.IO, "cannot read " + entry.getKey() + ": " + ex, ex);
            }
            final List<String> lines = TextLines.keepingEnds(before);
            final List<String> original = List.copyOf(lines);
            for (final Edit edit : entry.getValue())
            {
                final String why = apply(lines, edit);
                if (why == null)
                {
                    edits++;
                }
                else
                {
                    skipped.add(entry.getKey() + ":" + edit.occurrence().line() + ": " + why);
                }
            }
            final String after = String.join("", lines);
            if (after.equals(before))
            {
                continue;
            }
            changed.add(entry.getKey());
            diff.append(UnifiedDiff.of(entry.getKey(), original, lines));
            if (!dryRun)
            {
                try
                {
                    AtomicFiles.write(file, after.getBytes(StandardCharsets.UTF_8), Files.getPosixFilePermissions(file));
                }
                catch (final IOException ex)
                {
                    throw new RttException(RttException.Kind.IO, "cannot write " + entry.getKey() + ": " + ex, ex);
                }
            }
        }
        return new FixResult(changed, edits, skipped, diff.toString());
    }

    /** Rewrites one specifier in place; returns why it could not, or {@code null}. */
    private static String apply(final List<String> lines, final Edit edit)
    {
        final Occurrence occurrence = edit.occurrence();
        if (occurrence.current().isEmpty())
        {
            return "no version is written here to replace";
        }
        int line = occurrence.line() - 1;
        String anchor = edit.name();
        if (occurrence.via() != null)
        {
            // The version comes from a Maven property: change the property, not the reference.
            final String property = occurrence.via().substring(2, occurrence.via().length() - 1);
            anchor = "<" + property + ">";
            line = -1;
            for (int i = 0; i < lines.size(); i++)
            {
                if (lines.get(i).contains(anchor))
                {
                    line = i;
                    break;
                }
            }
            if (line < 0)
            {
                return "property " + property + " is not set in this file";
            }
        }
        if (line < 0 || line >= lines.size())
        {
            return "line is past the end of the file";
        }
        final Pattern version = loose(occurrence.current());
        for (int i = line; i < Math.min(lines.size(), line + LOOKAHEAD_LINES); i++)
        {
            final String text = lines.get(i);
            // An npm alias names its package inside the specifier ("x": "npm:other@^1"): search the whole line.
            final int from = i == line && !occurrence.current().contains(anchor) ? Math.max(0, nameEnd(text, anchor)) :
                0;
            final Matcher matcher = version.matcher(text);
            if (matcher.find(from))
            {
                final String replacement = replaced(matcher.group(), occurrence.current(), occurrence.proposed());
                lines.set(i, text.substring(0, matcher.start()) + replacement + text.substring(matcher.end()));
                return null;
            }
        }
        return "version " + occurrence.current() + " not found where the scan saw it";
    }

    /**
     * The specifier as written with only what differs from the proposal replaced, so whitespace the manifest puts
     * inside the part that stays ({@code psycopg == 3.1.0}) stays too.
     */
    private static String replaced(final String written, final String current, final String proposed)
    {
        final String compact = current.replaceAll("\\s+", "");
        if (proposed.chars().anyMatch(Character::isWhitespace))
        {
            return proposed;
        }
        int prefix = 0;
        while (prefix < compact.length() && prefix < proposed.length() &&
            compact.charAt(prefix) == proposed.charAt(prefix))
        {
            prefix++;
        }
        int suffix = 0;
        while (suffix < compact.length() - prefix && suffix < proposed.length() - prefix &&
            compact.charAt(compact.length() - 1 - suffix) == proposed.charAt(proposed.length() - 1 - suffix))
        {
            suffix++;
        }
        return written.substring(0, nonBlank(written, prefix)) +
            proposed.substring(prefix, proposed.length() - suffix) +
            written.substring(nonBlank(written, compact.length() - suffix));
    }

    /** Where the n-th (0-based) character that is not whitespace sits, or the length when there are only n. */
    private static int nonBlank(final String text, final int n)
    {
        int seen = 0;
        for (int i = 0; i < text.length(); i++)
        {
            if (!Character.isWhitespace(text.charAt(i)) && seen++ == n)
            {
                return i;
            }
        }
        return text.length();
    }

    /** Where the dependency's name ends on its line, so the version searched for is the one after it. */
    private static int nameEnd(final String text, final String name)
    {
        final Matcher matcher = Pattern.compile(Pattern.quote(name).replace("-", "\\E[-_.]\\Q"),
            Pattern.CASE_INSENSITIVE).matcher(text);
        return matcher.find() ? matcher.end() : 0;
    }

    /** The specifier as written, with any whitespace the manifest may put between its characters. */
    private static Pattern loose(final String specifier)
    {
        final String compact = specifier.replaceAll("\\s+", "");
        // Word boundaries only where the specifier itself starts or ends with a word character: "1.2.0" must not
        // match inside "11.2.0", while "==3.1" may follow a package name directly.
        final StringBuilder regex = new StringBuilder(isWord(compact.charAt(0)) ? "(?<![\\w.])" : "");
        for (int i = 0; i < compact.length(); i++)
        {
            if (i > 0)
            {
                regex.append("\\s*");
            }
            regex.append(Pattern.quote(String.valueOf(compact.charAt(i))));
        }
        if (isWord(compact.charAt(compact.length() - 1)))
        {
            regex.append("(?![\\w.])");
        }
        return Pattern.compile(regex.toString());
    }

    private static boolean isWord(final char c)
    {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
