package io.rtt.engine.scan.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of one {@code .gitignore} file, matched as git does: the last matching rule wins, {@code !} re-includes,
 * a trailing {@code /} matches directories only, a pattern with a slash before its end is anchored to the file's
 * directory, {@code **} crosses directories.
 * <p>
 * Immutable and thread-safe.
 */
public final class IgnoreRules
{
    /** Outcome of matching a path. */
    public enum Match
    {
        /** No rule mentions the path: ask the parent directory's rules. */
        NONE,
        /** A rule ignores the path. */
        IGNORED,
        /** A negated rule re-includes the path. */
        INCLUDED
    }

    /**
     * One pattern. A pattern without a slash matches a name at any depth: since the walk never descends into an
     * ignored directory, matching the last path segment alone is enough, and avoids a {@code (.*\/)?} prefix
     * that costs a backtracking scan of every path.
     */
    private record Rule(Pattern pattern, boolean negated, boolean directoryOnly, boolean nameOnly)
    {
    }

    private final List<Rule> rules;

    private IgnoreRules(final List<Rule> rules)
    {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses the text of a {@code .gitignore} file.
     *
     * @param text the file's content.
     * @return its rules.
     */
    public static IgnoreRules parse(final String text)
    {
        final List<Rule> rules = new ArrayList<>();
        for (final String raw : text.split("\r?\n", -1))
        {
            String line = stripTrailingSpaces(raw);
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            boolean negated = false;
            if (line.startsWith("!"))
            {
                negated = true;
                line = line.substring(1);
            }
            else if (line.startsWith("\\!") || line.startsWith("\\#"))
            {
                line = line.substring(1);
            }
            boolean directoryOnly = false;
            if (line.endsWith("/"))
            {
                directoryOnly = true;
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty())
            {
                continue;
            }
            final boolean anchored = line.contains("/");
            if (line.startsWith("/"))
            {
                line = line.substring(1);
            }
            rules.add(new Rule(Pattern.compile(globToRegex(line)), negated, directoryOnly, !anchored));
        }
        return new IgnoreRules(rules);
    }

    /**
     * Matches a path relative to the directory holding the {@code .gitignore}.
     *
     * @param relativePath path with {@code /} separators, relative to this file's directory.
     * @param directory    whether the path is a directory.
     * @return what the last matching rule says.
     */
    public Match match(final String relativePath, final boolean directory)
    {
        final String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        for (int i = rules.size() - 1; i >= 0; i--)
        {
            final Rule rule = rules.get(i);
            if (rule.directoryOnly && !directory)
            {
                continue;
            }
            if (rule.pattern.matcher(rule.nameOnly ? name : relativePath).matches())
            {
                return rule.negated ? Match.INCLUDED : Match.IGNORED;
            }
        }
        return Match.NONE;
    }

    private static String stripTrailingSpaces(final String line)
    {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\'))
        {
            end--;
        }
        return line.substring(0, end);
    }

    private static String globToRegex(final String glob)
    {
        final StringBuilder regex = new StringBuilder();
        final int n = glob.length();
        for (int i = 0; i < n; i++)
        {
            final char c = glob.charAt(i);
            if (c == '*')
            {
                if (i + 1 < n && glob.charAt(i + 1) == '*')
                {
                    final boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
                    final boolean slashAfter = i + 2 < n && glob.charAt(i + 2) == '/';
                    if (atStart && slashAfter)
                    {
                        regex.append("(?:.*/)?"); // "**/" matches zero or more directories
                        i += 2;
                        continue;
                    }
                    if (atStart && i + 2 == n)
                    {
                        regex.append(".*"); // trailing "/**" matches everything inside
                        i += 1;
                        continue;
                    }
                    regex.append("[^/]*");
                    i += 1;
                    continue;
                }
                regex.append("[^/]*");
            }
            else if (c == '?')
            {
                regex.append("[^/]");
            }
            else if (c == '[')
            {
                final int close = glob.indexOf(']', i + 2);
                if (close < 0)
                {
                    regex.append("\\[");
                    continue;
                }
                String body = glob.substring(i + 1, close);
                if (body.startsWith("!"))
                {
                    body = "^" + body.substring(1);
                }
                regex.append('[').append(body.replace("\\", "\\\\")).append(']');
                i = close;
            }
            else if (c == '\\' && i + 1 < n)
            {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            }
            else
            {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
