package io.rtt.engine.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.rtt.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor and JavaScript workspaces: a package the workspace excludes with a negated glob is no member, so its
 * versions are not drift (issue 14).
 */
class DoctorWorkspaceTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNotFlagPackagesAPnpmWorkspaceExcludesWithANegatedGlob() throws IOException
    {
        writeTree();
        write("pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n  - 'examples/**'\n");
        assertEquals(Map.of("vue", List.of("examples/vue/2.7-basic/package.json", "examples/vue/basic/package.json",
            "packages/vue-query/package.json", "packages/vue-query/test/fixture/package.json"),
            "@tanstack/vue-query", List.of("examples/vue/2.7-basic/package.json", "examples/vue/basic/package.json")),
            occurrences(), "without the negations every package is compared");
        assertTrue(Engine.open(dir).doctor().drifts());

        write("pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n  - 'examples/**'\n  - '!examples/vue/2*'\n" +
            "  - '!**/test/**'\n");

        final DoctorReport report = Engine.open(dir).doctor();
        assertFalse(report.drifts(), report.groups().toString());
        assertEquals(Map.of("vue", List.of("examples/vue/basic/package.json", "packages/vue-query/package.json"),
            "@tanstack/vue-query", List.of("examples/vue/basic/package.json")), occurrences());
    }

    @Test
    void shouldNotFlagPackagesNpmWorkspacesExcludeUnlessALaterPatternIncludesThem() throws IOException
    {
        writeTree();
        write("package.json", "{\"name\": \"mono\", \"private\": true, \"workspaces\": " +
            "[\"packages/*\", \"examples/**\", \"!examples/vue/2*\", \"!**/test/**\"]}");

        assertFalse(Engine.open(dir).doctor().drifts());

        // npm drops a negation that a later pattern is matched by: the test fixture is a member again.
        write("package.json", "{\"name\": \"mono\", \"private\": true, \"workspaces\": {\"packages\": " +
            "[\"packages/*\", \"examples/**\", \"!examples/vue/2*\", \"!**/test/**\", " +
            "\"packages/vue-query/test/*\"]}}");

        assertEquals(List.of("examples/vue/basic/package.json", "packages/vue-query/package.json",
            "packages/vue-query/test/fixture/package.json"), occurrences().get("vue"));
    }

    /** A vue-query monorepo in small: members on vue 3, a vue 2 example and a test fixture pinned to old versions. */
    private void writeTree() throws IOException
    {
        write("package.json", "{\"name\": \"mono\", \"private\": true}");
        write("packages/vue-query/package.json", "{\"name\": \"@tanstack/vue-query\", \"version\": \"5.0.0\", " +
            "\"dependencies\": {\"vue\": \"^3.4.0\"}}");
        write("examples/vue/basic/package.json", "{\"name\": \"basic\", \"dependencies\": {\"vue\": \"^3.4.0\", " +
            "\"@tanstack/vue-query\": \"workspace:*\"}}");
        write("examples/vue/2.7-basic/package.json", "{\"name\": \"vue27\", \"dependencies\": {\"vue\": \"^2.7.0\", " +
            "\"@tanstack/vue-query\": \"^4.0.0\"}}");
        write("packages/vue-query/test/fixture/package.json", "{\"name\": \"fixture\", \"version\": \"0.0.0\", " +
            "\"dependencies\": {\"vue\": \"2.6.14\"}}");
    }

    /** The files each compared dependency occurs in, by name. */
    private Map<String, List<String>> occurrences()
    {
        return Engine.open(dir).doctor().groups().stream().collect(Collectors.toMap(DriftGroup::name,
            g -> g.occurrences().stream().map(Occurrence::file).sorted().toList()));
    }

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
