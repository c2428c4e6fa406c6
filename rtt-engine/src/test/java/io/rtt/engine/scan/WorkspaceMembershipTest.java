package io.rtt.engine.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.rtt.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Negated workspace globs matched as pnpm and npm match them.
 */
class WorkspaceMembershipTest
{
    private static final List<String> PACKAGES = List.of(
        "package.json",
        "apps/web/package.json",
        "apps/.cache/package.json",
        "apps/legacy-v1/package.json",
        "apps/legacy-v2/package.json",
        "packages/a/package.json",
        "packages/a/test/package.json",
        "packages/a/test/fixtures/b/package.json",
        "packages/a/testing/package.json",
        "tools/nested/package.json",
        "tools/nested/lib/package.json");

    @TempDir
    Path dir;

    @Test
    void shouldExcludeWhatANegatedPnpmPatternMatchesAndNeverTheRootPackage() throws IOException
    {
        write("pnpm-workspace.yaml", "packages:\n  - '!**/test/**'\n  - 'apps/*'\n  - 'packages/**'\n" +
            "  - '!./apps/legacy-v{1,3}/'\n  - '!apps/*h*'\n  - '!!tools/*'\n");

        assertEquals(List.of("apps/legacy-v1/package.json", "packages/a/test/fixtures/b/package.json",
            "packages/a/test/package.json"), excluded(),
            "a negation counts wherever it stands, '*' skips a leading dot, '!!' includes");
    }

    @Test
    void shouldDropAnNpmNegationThatALaterPatternIsMatchedByAndAskEveryEnclosingWorkspace() throws IOException
    {
        write("package.json", "{\"workspaces\": [\"apps/*\", \"!apps/legacy-*\", \"apps/legacy-v2\", " +
            "\"!packages/*/test\", \"tools/*\"]}");
        write("tools/nested/package.json", "{\"workspaces\": {\"packages\": [\"lib\", \"![a-k]ib\"]}}");

        assertEquals(List.of("packages/a/test/package.json"), excluded(),
            "apps/legacy-v2 cancels !apps/legacy-* as a whole, as npm does; [a-k] does not take 'l'");

        write("tools/nested/package.json", "{\"workspaces\": [\"lib\", \"![!a-k]ib\"]}");

        assertEquals(List.of("packages/a/test/package.json", "tools/nested/lib/package.json"), excluded());
    }

    private List<String> excluded() throws IOException
    {
        for (final String manifest : PACKAGES)
        {
            if (!Files.exists(dir.resolve(manifest)))
            {
                write(manifest, "{}");
            }
        }
        final Engine engine = Engine.open(dir);
        final WorkspaceMembership membership = WorkspaceMembership.read(
            engine.workspace(), engine.scan(null, true, ScanListener.NONE).index());
        return PACKAGES.stream().filter(membership::excluded).sorted().toList();
    }

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
