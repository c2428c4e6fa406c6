package io.rtt.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The repository's bundled examples, copied into a test's temporary directory so no test writes into the tree.
 */
public final class Examples
{
    private Examples()
    {
    }

    /**
     * The {@code examples/} directory: the {@code rtt.examples} system property, else found upwards from the
     * working directory.
     *
     * @return the absolute path of {@code examples/}.
     * @throws IllegalStateException if it cannot be found.
     */
    public static Path directory()
    {
        final String property = System.getProperty("rtt.examples");
        if (property != null)
        {
            return Path.of(property).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            if (Files.isDirectory(dir.resolve("examples/shop")))
            {
                return dir.resolve("examples");
            }
        }
        throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Copies an example, without any {@code .rtt/} state it may carry.
     *
     * @param name the example's directory name, e.g. {@code shop}.
     * @param into the directory to copy into.
     * @return the copy's root, {@code into/name}.
     * @throws IOException if copying fails.
     */
    public static Path copy(final String name, final Path into) throws IOException
    {
        final Path source = directory().resolve(name);
        final Path target = into.resolve(name);
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
