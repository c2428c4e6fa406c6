package io.rtt.engine.scan.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Evidence;

/**
 * Reads the imports of a package's entry-point sources ({@code main.go}, {@code server.js}, {@code app.py},
 * {@code Program.cs}...) for well-known client libraries: evidence, with file and line, of what the component talks
 * to. Only entry points are read, and only their first {@value #HEAD_BYTES} bytes, so the cost does not grow with
 * the size of the source tree.
 */
public final class ImportHints
{
    /** Bytes of each entry point read: imports sit at the top. */
    public static final int HEAD_BYTES = 64 * 1024;

    /**
     * A client library imported by a source file.
     *
     * @param directory  workspace-relative directory of the package.
     * @param module     the module imported, e.g. {@code github.com/jackc/pgx/v5}.
     * @param technology what the library is a client of.
     * @param evidence   the import line.
     */
    public record Hint(String directory, String module, String technology, Evidence evidence)
    {
    }

    private record Language(String ecosystem, List<String> entryPoints, Pattern importLine)
    {
    }

    private static final Map<String, Language> LANGUAGES = Map.of(
        "go", new Language("go", List.of("main.go", "server.go", "cmd/main.go"),
            Pattern.compile("^\\s*(?:import\\s+)?(?:[A-Za-z_.]+\\s+)?\"([^\"]+)\"")),
        "javascript", new Language("npm", List.of("index.js", "server.js", "app.js", "main.js", "src/index.js",
            "src/server.js", "src/app.js"),
            Pattern.compile("(?:require\\(\\s*['\"]([^'\"]+)['\"]|from\\s+['\"]([^'\"]+)['\"]|^import\\s+['\"]([^'\"]+))")),
        "typescript", new Language("npm", List.of("index.ts", "server.ts", "app.ts", "main.ts", "src/index.ts",
            "src/server.ts", "src/main.ts"),
            Pattern.compile("(?:require\\(\\s*['\"]([^'\"]+)['\"]|from\\s+['\"]([^'\"]+)['\"]|^import\\s+['\"]([^'\"]+))")),
        "python", new Language("pypi", List.of("main.py", "app.py", "server.py", "worker.py", "__main__.py", "wsgi.py",
            "asgi.py", "manage.py"),
            Pattern.compile("^\\s*(?:from\\s+([A-Za-z_][\\w.]*)\\s+import|import\\s+([A-Za-z_][\\w.]*))")),
        "csharp", new Language("nuget", List.of("Program.cs", "Startup.cs", "src/Program.cs", "src/Startup.cs"),
            Pattern.compile("^\\s*using\\s+([A-Za-z_][\\w.]*)\\s*;")));

    private ImportHints()
    {
    }

    /**
     * The client-library imports of one package's entry points.
     *
     * @param manifest the package.
     * @param root     the workspace root.
     * @return the hints found; none if the package's language has no entry-point convention here.
     */
    public static List<Hint> of(final PackageManifest manifest, final Path root)
    {
        final Language language = LANGUAGES.get(manifest.language());
        final List<Hint> hints = new ArrayList<>();
        if (language == null)
        {
            return hints;
        }
        final Path directory = ".".equals(manifest.directory()) ? root : root.resolve(manifest.directory());
        for (final String entryPoint : language.entryPoints())
        {
            final Path file = directory.resolve(entryPoint);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
            {
                continue;
            }
            final String relative = ".".equals(manifest.directory()) ? entryPoint :
                manifest.directory() + "/" + entryPoint;
            final String[] lines = head(file).split("\r?\n");
            for (int i = 0; i < lines.length; i++)
            {
                final Matcher matcher = language.importLine().matcher(lines[i]);
                while (matcher.find())
                {
                    final String module = firstGroup(matcher);
                    final String technology = module == null ? null : technology(language.ecosystem(), module);
                    if (technology != null)
                    {
                        hints.add(new Hint(manifest.directory(), module, technology,
                            new Evidence(relative, i + 1, "import " + module + " (" + technology + ")")));
                    }
                }
            }
        }
        return hints;
    }

    /** A module path as the package that provides it: {@code redis.asyncio} is the {@code redis} distribution. */
    private static String technology(final String ecosystem, final String module)
    {
        switch (ecosystem)
        {
            case "pypi" ->
            {
                final String top = module.split("\\.")[0];
                final String technology = ClientLibraries.technology("pypi", Pep503.normalize(top));
                return technology != null ? technology : ClientLibraries.technology("pypi",
                    Pep503.normalize(top.replace("_", "-")));
            }
            case "nuget" ->
            {
                for (String name = module; !name.isEmpty(); name = name.contains(".") ?
                    name.substring(0, name.lastIndexOf('.')) : "")
                {
                    final String technology = ClientLibraries.technology("nuget", name);
                    if (technology != null)
                    {
                        return technology;
                    }
                }
                return null;
            }
            default ->
            {
                return ClientLibraries.technology(ecosystem, module);
            }
        }
    }

    private static String firstGroup(final Matcher matcher)
    {
        for (int g = 1; g <= matcher.groupCount(); g++)
        {
            if (matcher.group(g) != null)
            {
                return matcher.group(g);
            }
        }
        return null;
    }

    private static String head(final Path file)
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return new String(in.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return ""; // an unreadable entry point gives no hint; the manifest's own evidence stands
        }
    }
}
