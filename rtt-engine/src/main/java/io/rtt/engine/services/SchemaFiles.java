package io.rtt.engine.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;

/**
 * The schema files a fresh database is seeded from, by one simple rule: every {@code *.sql} under the workspace's
 * {@code db/} and {@code migrations/}, and under (or named by) the host side of a compose bind mount onto
 * {@code /docker-entrypoint-initdb.d}, sorted by their path relative to the root (so numbered migrations run in
 * order). Symbolic links are not followed and nothing outside the workspace is read.
 */
final class SchemaFiles
{
    /** Directories whose {@code *.sql} seed a database. */
    private static final List<String> SCHEMA_DIRS = List.of("db", "migrations");
    /** Compose files looked at, as Compose itself looks for them. */
    private static final List<String> COMPOSE_FILES =
        List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");
    /** A short-syntax bind mount onto the init directory: {@code - ./db/init:/docker-entrypoint-initdb.d[:ro]}. */
    private static final Pattern INITDB_MOUNT =
        Pattern.compile("^\\s*-\\s*[\"']?([^:\"'\\s]+):/docker-entrypoint-initdb\\.d(?:/[^:\"'\\s]*)?(?::\\w+)?[\"']?\\s*$");
    private static final int MAX_DEPTH = 8;

    private SchemaFiles()
    {
    }

    /**
     * The schema files of a workspace.
     *
     * @param workspace the workspace.
     * @return their real paths, in the order they run; empty when there are none.
     */
    static List<Path> find(final Workspace workspace)
    {
        final Path root = workspace.root();
        final TreeSet<Path> found = new TreeSet<>(Comparator.comparing(p -> root.relativize(p).toString()));
        for (final String dir : SCHEMA_DIRS)
        {
            collect(root.resolve(dir), found);
        }
        for (final String name : COMPOSE_FILES)
        {
            final Path compose = root.resolve(name);
            if (!Files.isRegularFile(compose, LinkOption.NOFOLLOW_LINKS))
            {
                continue;
            }
            for (final String source : initdbMounts(compose))
            {
                try
                {
                    collect(workspace.resolveInside(source), found);
                }
                catch (final RttException ex)
                {
                    // a mount of a path that is absent or outside the workspace seeds nothing
                    continue;
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static List<String> initdbMounts(final Path compose)
    {
        try
        {
            final List<String> sources = new ArrayList<>();
            for (final String line : Files.readAllLines(compose))
            {
                final Matcher matcher = INITDB_MOUNT.matcher(line);
                if (matcher.matches())
                {
                    sources.add(matcher.group(1));
                }
            }
            return sources;
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read " + compose + ": " + ex, ex);
        }
    }

    private static void collect(final Path start, final TreeSet<Path> found)
    {
        if (Files.isRegularFile(start, LinkOption.NOFOLLOW_LINKS))
        {
            if (start.getFileName().toString().endsWith(".sql"))
            {
                found.add(start);
            }
            return;
        }
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(start, MAX_DEPTH))
        {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) &&
                p.getFileName().toString().endsWith(".sql")).forEach(found::add);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot list " + start + ": " + ex, ex);
        }
    }
}
