package io.rtt.engine.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.rtt.engine.Workspace;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.SourceFile;
import io.rtt.engine.model.SymbolIndex;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Which JavaScript packages a workspace leaves out with a negated glob: {@code '!examples/vue/2*'} under
 * {@code packages:} in {@code pnpm-workspace.yaml}, or in the {@code workspaces} of a {@code package.json} (npm,
 * yarn, bun). Such a package is not a member of the workspace, whatever it shares with it: the doctor leaves its
 * versions out of the comparison.
 * <p>
 * Patterns match the package's directory relative to the declaring one, as pnpm and npm match them: {@code *},
 * {@code ?} and {@code [...]} within one path segment and never at a leading dot, {@code **} across zero or more
 * segments, {@code {a,b}} as alternatives. A negation excludes what it matches wherever it stands in the list,
 * except that npm drops a negation when a later pattern is itself matched by it ({@code ['packages/**',
 * '!packages/b/**', 'packages/b/a']} excludes nothing). A package is excluded when any workspace above it excludes
 * it; the root package of a workspace never is.
 * <p>
 * Immutable and thread-safe.
 */
public final class WorkspaceMembership
{
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String PNPM_WORKSPACE = "pnpm-workspace.yaml";
    private static final String PACKAGE_JSON = "package.json";

    /** A directory that declares a workspace, with the patterns that exclude from it. */
    private record Declaration(String directory, List<Pattern> exclusions)
    {
    }

    private final List<Declaration> declarations;

    private WorkspaceMembership(final List<Declaration> declarations)
    {
        this.declarations = List.copyOf(declarations);
    }

    /**
     * Reads the workspace declarations among the files a scan read. A declaration that cannot be read or parsed
     * excludes nothing; the scan has diagnosed it.
     *
     * @param workspace the workspace the files are in.
     * @param index     its scan index, whose files are read.
     * @return the exclusions they declare.
     */
    public static WorkspaceMembership read(final Workspace workspace, final SymbolIndex index)
    {
        final List<Declaration> declarations = new ArrayList<>();
        for (final SourceFile file : index.files())
        {
            final String name = file.path().substring(file.path().lastIndexOf('/') + 1);
            final boolean pnpm = PNPM_WORKSPACE.equals(name);
            if (!pnpm && !PACKAGE_JSON.equals(name))
            {
                continue;
            }
            final JsonNode root = parse(workspace.root().resolve(file.path()), pnpm ? YAML : Json.MAPPER);
            final JsonNode patterns = pnpm ? root.path("packages") : root.path("workspaces").isObject() ?
                root.path("workspaces").path("packages") : root.path("workspaces");
            final List<Pattern> exclusions = exclusions(patterns, !pnpm);
            if (!exclusions.isEmpty())
            {
                declarations.add(new Declaration(directoryOf(file.path()), exclusions));
            }
        }
        return new WorkspaceMembership(declarations);
    }

    /**
     * Whether a package is excluded from a workspace above it.
     *
     * @param manifest workspace-relative path of a manifest; only a {@code package.json} can be excluded.
     * @return true if a negated pattern of an enclosing workspace matches the package's directory.
     */
    public boolean excluded(final String manifest)
    {
        if (!manifest.equals(PACKAGE_JSON) && !manifest.endsWith("/" + PACKAGE_JSON))
        {
            return false;
        }
        final String directory = directoryOf(manifest);
        for (final Declaration declaration : declarations)
        {
            final String relative;
            if (declaration.directory().isEmpty())
            {
                relative = directory;
            }
            else if (directory.startsWith(declaration.directory() + "/"))
            {
                relative = directory.substring(declaration.directory().length() + 1);
            }
            else
            {
                continue;
            }
            if (relative.isEmpty())
            {
                continue; // the workspace's own root package
            }
            for (final Pattern exclusion : declaration.exclusions())
            {
                if (exclusion.matcher(relative + "/").matches())
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * What one workspace pattern declares, in words for evidence: {@code workspace packages packages/*}, or
     * {@code workspace excludes examples/vue/2*} for a negated one.
     *
     * @param pattern the pattern as written.
     * @return the evidence text.
     */
    public static String describe(final String pattern)
    {
        final int bangs = bangs(pattern);
        return (bangs % 2 == 1 ? "workspace excludes " : "workspace packages ") + pattern.substring(bangs);
    }

    private static int bangs(final String pattern)
    {
        int bangs = 0;
        while (bangs < pattern.length() && pattern.charAt(bangs) == '!')
        {
            bangs++;
        }
        return bangs;
    }

    private static JsonNode parse(final Path file, final ObjectMapper mapper)
    {
        try
        {
            if (Files.size(file) <= Scanner.MAX_MANIFEST_BYTES)
            {
                return mapper.readTree(Files.readAllBytes(file));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // unreadable or malformed: the scan already diagnosed it
        }
        return Json.MAPPER.missingNode();
    }

    private static List<Pattern> exclusions(final JsonNode patterns, final boolean npm)
    {
        final List<String> negated = new ArrayList<>();
        for (final JsonNode node : patterns)
        {
            if (!node.isString())
            {
                continue;
            }
            final int bangs = bangs(node.stringValue());
            final String pattern = normalize(node.stringValue().substring(bangs));
            if (pattern.isEmpty())
            {
                continue;
            }
            if (bangs % 2 == 1)
            {
                negated.add(pattern);
            }
            else if (npm)
            {
                negated.removeIf(exclusion -> compile(exclusion).matcher(pattern + "/").matches());
            }
        }
        return negated.stream().map(WorkspaceMembership::compile).toList();
    }

    /** Drops what names the same directory differently: a leading {@code ./} or {@code /}, a trailing {@code /}. */
    private static String normalize(final String pattern)
    {
        String result = pattern;
        while (result.startsWith("./") || result.startsWith("/"))
        {
            result = result.substring(result.indexOf('/') + 1);
        }
        while (result.endsWith("/"))
        {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    /** A glob as a regular expression over a directory path that ends in {@code /}. */
    static Pattern compile(final String glob)
    {
        final StringBuilder regex = new StringBuilder();
        for (final String segment : glob.split("/"))
        {
            if (segment.isEmpty() || ".".equals(segment))
            {
                continue;
            }
            if ("**".equals(segment))
            {
                regex.append("(?:(?!\\.)[^/]+/)*");
                continue;
            }
            final char first = segment.charAt(0);
            if (first == '*' || first == '?' || first == '[')
            {
                regex.append("(?!\\.)"); // a wildcard does not match a hidden directory's leading dot
            }
            appendSegment(regex, segment);
            regex.append('/');
        }
        return Pattern.compile(regex.toString());
    }

    private static void appendSegment(final StringBuilder regex, final String segment)
    {
        int braces = 0;
        for (int i = 0; i < segment.length(); i++)
        {
            final char c = segment.charAt(i);
            final int close = c == '[' ? segment.indexOf(']', i + 2) : -1;
            if (c == '*')
            {
                regex.append("[^/]*");
            }
            else if (c == '?')
            {
                regex.append("[^/]");
            }
            else if (close > 0)
            {
                final boolean negatedClass = segment.charAt(i + 1) == '!' || segment.charAt(i + 1) == '^';
                regex.append(negatedClass ? "[^" : "[")
                    .append(segment.substring(negatedClass ? i + 2 : i + 1, close).replace("\\", "\\\\")
                        .replace("[", "\\["))
                    .append(']');
                i = close;
            }
            else if (c == '{' && segment.indexOf('}', i) > i)
            {
                braces++;
                regex.append("(?:");
            }
            else if (c == '}' && braces > 0)
            {
                braces--;
                regex.append(')');
            }
            else if (c == ',' && braces > 0)
            {
                regex.append('|');
            }
            else if (c == '\\' && i + 1 < segment.length())
            {
                regex.append(Pattern.quote(String.valueOf(segment.charAt(++i))));
            }
            else
            {
                regex.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : Pattern.quote(String.valueOf(c)));
            }
        }
    }

    private static String directoryOf(final String path)
    {
        final int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
