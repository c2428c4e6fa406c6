package io.rtt.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The bundled example copied into a temporary directory, so tests never write into the repository.
 */
final class TestWorkspaces
{
    static final Path JAR = Path.of(System.getProperty("rtt.jar", "target/rtt.jar")).toAbsolutePath();
    static final Path EXAMPLES = Path.of(System.getProperty("rtt.examples", "../examples")).toAbsolutePath();

    private TestWorkspaces()
    {
    }

    static Path shop(final Path into) throws IOException
    {
        final Path source = EXAMPLES.resolve("shop");
        final Path target = into.resolve("shop");
        try (Stream<Path> paths = Files.walk(source))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path relative = source.relativize(path);
                if (relative.startsWith(".rtt"))
                {
                    continue;
                }
                final Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(copy);
                }
                else
                {
                    Files.copy(path, copy);
                }
            }
        }
        return target;
    }
}
