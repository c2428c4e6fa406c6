package io.rtt.engine.deps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.rtt.engine.Engine;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden fixes, one workspace per ecosystem (resources {@code styles/<ecosystem>/before} and {@code after}, the
 * after files written by hand): the fix moves only versions and keeps each specifier's style, byte for byte. Issue
 * 14: a fix turned exact pins into ranges.
 */
class FixStylesTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"npm", "pypi", "maven", "cargo", "go", "nuget"})
    void shouldMoveOnlyVersionsKeepingEachSpecifierStyle(final String ecosystem) throws IOException, URISyntaxException
    {
        final Path golden = Path.of(FixStylesTest.class.getResource("styles/" + ecosystem).toURI());
        final List<Path> before = files(golden.resolve("before"));
        for (final Path file : before)
        {
            final Path copy = dir.resolve(golden.resolve("before").relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy);
        }

        final DepFixer.FixResult fixed = Engine.open(dir).fixDependencies(false);

        final List<Path> after = files(golden.resolve("after"));
        assertEquals(before.size(), after.size(), "before and after hold the same files");
        for (final Path expected : after)
        {
            final String relative = golden.resolve("after").relativize(expected).toString();
            assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(dir.resolve(relative)),
                relative + " after the fix:\n" + Files.readString(dir.resolve(relative)) + "\n" + fixed.diff());
        }
        assertEquals(0, Engine.open(dir).fixDependencies(false).edits(), "a second fix changes nothing");
        assertEquals(List.of(), Engine.open(dir).doctor().groups().stream()
            .flatMap(g -> g.occurrences().stream()).filter(o -> Occurrence.DRIFT.equals(o.status())).toList(),
            "nothing left for the fix to rewrite");
    }

    private static List<Path> files(final Path root) throws IOException
    {
        try (Stream<Path> walk = Files.walk(root))
        {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
