package io.rtt.engine.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The doctor per ecosystem, and its fix as golden files: byte-exact outside the versions it changes, idempotent.
 */
class DoctorTest
{
    @TempDir
    Path dir;

    @Test
    void shouldFixEveryFormatByteExactAndIdempotently() throws IOException
    {
        // Each manifest: odd formatting, comments and CRLF where the format allows, so any reformatting shows.
        write("web/package.json", "{\r\n  \"name\":\"web\",  \"dependencies\": {\"left-pad\" :  \"~1.2.0\"},\r\n" +
            "  \"devDependencies\": {\n\t\"react\": \"^18.2.0\"\n  }\n}\n");
        write("api/package.json", "{\"name\": \"api\", \"dependencies\": {\"left-pad\": \"^1.3.0\", \"react\": \"^18.3.1\"}}");
        write("worker/requirements.txt", "# pinned for the worker\nRedis[hiredis] >= 5.0 , < 6 ; python_version >= '3.9'  # cache\n" +
            "psycopg==3.1.0\n");
        write("jobs/pyproject.toml", "[project]\nname = 'jobs'\ndependencies = [\n    \"redis>=5.0,<6\",  # same\n" +
            "    'psycopg==3.2.1',\n]\n");
        write("billing/pom.xml", "<project>\n  <artifactId>billing</artifactId>\n  <properties>\n" +
            "    <!-- driver -->\n    <pg.version>42.6.0</pg.version>\n  </properties>\n  <dependencies>\n" +
            "    <dependency>\n      <groupId>org.postgresql</groupId>\n      <artifactId>postgresql</artifactId>\n" +
            "      <version>${pg.version}</version>\n    </dependency>\n  </dependencies>\n</project>\n");
        write("ledger/pom.xml", "<project><artifactId>ledger</artifactId><dependencies><dependency>" +
            "<groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>42.7.3</version>" +
            "</dependency></dependencies></project>\n");
        write("crates/a/Cargo.toml", "[package]\nname = \"a\"\n\n[dependencies]\nserde = { version = \"1.0.190\", features = [\"derive\"] } # serde\n");
        write("crates/b/Cargo.toml", "[package]\nname = \"b\"\n\n[dependencies]\nserde = \"1.0.200\"\n");
        write("svc1/go.mod", "module example.com/svc1\n\ngo 1.22\n\nrequire (\n\tgithub.com/lib/pq v1.10.7 // keep\n)\n");
        write("svc2/go.mod", "module example.com/svc2\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n");
        write("cart/cart.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n" +
            "    <PackageReference Include=\"Npgsql\" Version=\"8.0.1\" />\n  </ItemGroup>\n</Project>\n");
        write("pay/pay.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n" +
            "    <PackageReference Include=\"Npgsql\">\n      <Version>8.0.3</Version>\n    </PackageReference>\n" +
            "  </ItemGroup>\n</Project>\n");
        final Engine engine = Engine.open(dir);

        final DepFixer.FixResult dry = engine.fixDependencies(true);
        assertTrue(dry.diff().contains("--- a/web/package.json\n+++ b/web/package.json\n"), dry.diff());
        assertEquals("~1.2.0", read("web/package.json").substring(read("web/package.json").indexOf("~1.2.0"),
            read("web/package.json").indexOf("~1.2.0") + 6), "dry run writes nothing");

        final DepFixer.FixResult fixed = engine.fixDependencies(false);

        assertEquals(List.of(), fixed.skipped());
        assertEquals("{\r\n  \"name\":\"web\",  \"dependencies\": {\"left-pad\" :  \"~1.3.0\"},\r\n" +
            "  \"devDependencies\": {\n\t\"react\": \"^18.3.1\"\n  }\n}\n", read("web/package.json"));
        assertEquals("# pinned for the worker\nRedis[hiredis] >= 5.0 , < 6 ; python_version >= '3.9'  # cache\n" +
            "psycopg==3.2.1\n", read("worker/requirements.txt"));
        assertEquals("[project]\nname = 'jobs'\ndependencies = [\n    \"redis>=5.0,<6\",  # same\n" +
            "    'psycopg==3.2.1',\n]\n", read("jobs/pyproject.toml"));
        assertTrue(read("billing/pom.xml").contains("    <!-- driver -->\n    <pg.version>42.7.3</pg.version>\n"),
            "the property changes, not the reference");
        assertTrue(read("billing/pom.xml").contains("<version>${pg.version}</version>"));
        assertEquals("[package]\nname = \"a\"\n\n[dependencies]\nserde = { version = \"1.0.200\", features = [\"derive\"] } # serde\n",
            read("crates/a/Cargo.toml"));
        assertEquals("module example.com/svc1\n\ngo 1.22\n\nrequire (\n\tgithub.com/lib/pq v1.10.9 // keep\n)\n",
            read("svc1/go.mod"));
        assertTrue(read("cart/cart.csproj").contains("<PackageReference Include=\"Npgsql\" Version=\"8.0.3\" />"));
        assertEquals(7, fixed.edits(), fixed.toString());

        final DepFixer.FixResult again = Engine.open(dir).fixDependencies(false);
        assertEquals(0, again.edits(), "a second fix changes nothing");
        assertFalse(Engine.open(dir).doctor().drifts());
    }

    @Test
    void shouldNameClashingRangesAndProposeHighest() throws IOException
    {
        write("a/package.json", "{\"name\": \"a\", \"dependencies\": {\"x\": \"^1.2.0\"}}");
        write("b/package.json", "{\"name\": \"b\", \"dependencies\": {\"x\": \"^2.0.0\"}}");
        write("c/requirements.txt", "django==4.2\n");
        write("d/requirements.txt", "Django>=5.0\n");

        final Map<String, DriftGroup> groups = groups();

        assertEquals("^2.0.0", groups.get("x").proposed());
        assertEquals("no version satisfies every range: ^1.2.0 (a/package.json:1) and ^2.0.0 (b/package.json:1) " +
            "admit no common version; proposing 2.0.0, the highest version named (^2.0.0)", groups.get("x").reason());
        assertEquals(">=5.0", groups.get("django").proposed());
    }

    @Test
    void shouldConvergeOnHighestVersionEveryRangeAdmits() throws IOException
    {
        write("a/requirements.txt", "requests>=2.28,<3\n");
        write("b/requirements.txt", "requests~=2.31\n");
        write("c/Cargo.toml", "[package]\nname='c'\n[dependencies]\ntokio = '1.36'\n");
        write("d/Cargo.toml", "[package]\nname='d'\n[dependencies]\ntokio = { version = '1.28' }\n");
        write("e/x.csproj", "<Project><ItemGroup><PackageReference Include=\"Serilog\" Version=\"[3.0,4.0)\" /></ItemGroup></Project>");
        write("f/y.csproj", "<Project><ItemGroup><PackageReference Include=\"Serilog\" Version=\"3.1.1\" /></ItemGroup></Project>");

        final Map<String, DriftGroup> groups = groups();

        assertEquals("~=2.31", groups.get("requests").proposed());
        assertTrue(groups.get("requests").reason().startsWith("2.31 is the highest version every declared range admits"));
        assertEquals("1.36", groups.get("tokio").proposed(), "cargo: bare versions are caret requirements");
        assertEquals("3.1.1", groups.get("Serilog").proposed(), "nuget: 3.1.1 means >= 3.1.1, inside [3.0,4.0)");
    }

    @Test
    void shouldApplyPolicyFromRttYaml() throws IOException
    {
        write("a/package.json", "{\"name\": \"a\", \"dependencies\": {\"x\": \"^1.2.0\", \"left-pad\": \"1.0.0\", \"t\": \"1\"}}");
        write("b/package.json", "{\"name\": \"b\", \"dependencies\": {\"x\": \"^1.4.0\", \"t\": \"2\"}}");
        write("rtt.yaml", "deps:\n  strategy: lowest\n  ban: [left-pad]\n  ignore: [t]\n");

        final Map<String, DriftGroup> groups = groups();

        assertEquals("^1.4.0", groups.get("x").proposed(), "lowest version both ranges admit is 1.4.0");
        assertEquals("banned", groups.get("left-pad").occurrences().get(0).status());
        assertTrue(groups.get("t").occurrences().stream().allMatch(o -> o.status().equals("ignored")));

        write("rtt.yaml", "deps:\n  strategy: newest\n");
        final RttException ex = assertThrows(RttException.class, () -> Engine.open(dir).doctor());
        assertEquals("rtt.yaml: deps.strategy must be highest or lowest, got newest", ex.getMessage());
    }

    @Test
    void shouldReportTheRestWhenAManifestIsMalformed() throws IOException
    {
        write("a/package.json", "{\"name\": \"a\", \"dependencies\": {\"x\": \"1.0.0\"}}");
        write("b/package.json", "{\"name\": \"b\", \"dependencies\": {\"x\": \"1.1.0\"}}");
        write("c/package.json", "{\"name\": \"c\", \"dependencies\": {");

        final DoctorReport report = Engine.open(dir).doctor();

        assertTrue(report.drifts());
        assertEquals("c/package.json", report.diagnostics().get(0).file());
    }

    @Test
    void shouldCheckPeerRangesAgainstTheProposalAndNeverProposeThem() throws IOException
    {
        // Issue 14: a peer range was proposed as the version for exact devDependency pins.
        write("plugin/package.json", "{\"name\": \"plugin\", \"version\": \"1.0.0\",\n" +
            "  \"devDependencies\": {\"eslint\": \"7.32.0\", \"typescript\": \"5.6.2\"},\n" +
            "  \"peerDependencies\": {\"eslint\": \"^5.6.0 || ^6.0.0 || ^7.0.0\", \"typescript\": \">=4.8\"}\n}\n");
        write("app/package.json", "{\"name\": \"app\", \"devDependencies\": {\"eslint\": \"8.57.0\", " +
            "\"typescript\": \"5.5.4\"}}\n");

        final Map<String, DriftGroup> groups = groups();

        final DriftGroup eslint = groups.get("eslint");
        assertEquals("8.57.0", eslint.proposed(), "the pins converge; the peer range is never the proposal");
        assertEquals("no version satisfies every range: 8.57.0 (app/package.json:1) and 7.32.0 " +
            "(plugin/package.json:2) admit no common version; proposing 8.57.0, the highest version named (8.57.0); " +
            "the peer range ^5.6.0 || ^6.0.0 || ^7.0.0 (plugin/package.json:3) does not admit 8.57.0: widen it by " +
            "hand or choose a version it admits", eslint.reason());
        assertEquals(List.of("ok 8.57.0", "drift 8.57.0", "unfixable "), eslint.occurrences().stream()
            .map(o -> o.status() + " " + o.proposed()).toList());
        final DriftGroup typescript = groups.get("typescript");
        assertEquals("5.6.2", typescript.proposed());
        assertFalse(typescript.reason().contains("peer"), "a peer range that admits the proposal is no news");

        final DepFixer.FixResult fixed = Engine.open(dir).fixDependencies(false);

        assertEquals(2, fixed.edits(), fixed.diff());
        assertEquals("{\"name\": \"plugin\", \"version\": \"1.0.0\",\n" +
            "  \"devDependencies\": {\"eslint\": \"8.57.0\", \"typescript\": \"5.6.2\"},\n" +
            "  \"peerDependencies\": {\"eslint\": \"^5.6.0 || ^6.0.0 || ^7.0.0\", \"typescript\": \">=4.8\"}\n}\n",
            read("plugin/package.json"), "the pins move, exact; the peer ranges are never written");
        assertEquals("{\"name\": \"app\", \"devDependencies\": {\"eslint\": \"8.57.0\", \"typescript\": \"5.6.2\"}}\n",
            read("app/package.json"));
        assertEquals(List.of("unfixable"), Engine.open(dir).doctor().groups().stream()
            .flatMap(g -> g.occurrences().stream()).filter(Occurrence::flagged).map(Occurrence::status).toList(),
            "the peer range that excludes the proposal stays flagged for its author");
    }

    @Test
    void shouldReportOnlyPeerRangesWithoutProposingAVersion() throws IOException
    {
        write("a/package.json", "{\"name\": \"a\", \"peerDependencies\": {\"react\": \"^17.0.0 || ^18.0.0\"}}");
        write("b/package.json", "{\"name\": \"b\", \"peerDependencies\": {\"react\": \"^18.0.0\"}}");

        final DriftGroup react = groups().get("react");

        assertEquals("", react.proposed());
        assertFalse(react.drifts(), react.reason());
    }

    @Test
    void shouldFlagNonVersionSpecifiersWithoutRewritingThem() throws IOException
    {
        write("a/package.json", "{\"name\": \"a\", \"dependencies\": {\"x\": \"file:../vendor/x\", " +
            "\"y\": \">=1.0.0 <1.2.0\", \"z\": \"*\"}}");
        write("b/package.json", "{\"name\": \"b\", \"dependencies\": {\"x\": \"1.0.0\", \"y\": \"1.4.0\", " +
            "\"z\": \"^2.0.0\"}}");

        final Map<String, DriftGroup> groups = groups();

        assertEquals(List.of("unfixable", "ok"), statuses(groups.get("x")));
        assertTrue(groups.get("x").reason().endsWith("; file:../vendor/x names no version: change it by hand"),
            groups.get("x").reason());
        assertEquals(List.of("unfixable", "ok"), statuses(groups.get("y")),
            "a compound range that excludes 1.4.0 names no single version to move");
        assertFalse(groups.get("z").drifts(), "* admits 2.0.0 and names no version to move");
        assertEquals(0, Engine.open(dir).fixDependencies(false).edits());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // how the lock names its input | lock file | the command the doctor names
        "header | requirements.txt | pip-compile --generate-hashes --output-file=requirements.txt requirements.in",
        "via    | requirements.txt | pip-compile --generate-hashes requirements.in",
        "via    | locked.txt       | pip-compile --generate-hashes --output-file=locked.txt requirements.in",
        "stem   | requirements.txt | pip-compile --generate-hashes requirements.in",
    })
    void shouldFlagAHashedLockWithItsInputAndNeverEditIt(final String naming, final String lock, final String command)
        throws IOException
    {
        // Issue 14: requirements.in was bumped and its pip-compile'd requirements.txt left behind, unflagged.
        write("api/requirements.txt", "redis==5.2.0\n");
        write("worker/requirements.in", "redis==5.0.1\ncelery>=5.3\n");
        final String header = "header".equals(naming) ? "#\n# This file is autogenerated by pip-compile with " +
            "Python 3.12\n# by the following command:\n#\n#    " + command + "\n#\n" : "";
        final String via = "stem".equals(naming) ? "" : "    # via -r requirements.in\n";
        final String text = header +
            "celery==5.3.6 \\\n    --hash=sha256:9da4ea0118d232ce97dff5ed4974587fb1c0ff5c10042eb15278487cdd27d1af\n" +
            via +
            "redis==5.0.1 \\\n    --hash=sha256:0dab495cd5753069d3bc650a0dde8a8f9edde16fc5691b689a566eda58100d0f \\\n" +
            "    --hash=sha256:ed4802971884ae19d640775ba3b03aa2e7bd5e8fb8dfaed2decce4d0fc48391f\n" + via;
        write("worker/" + lock, text);

        final DriftGroup redis = groups().get("redis");

        assertEquals(
            Map.of("api/requirements.txt", "ok", "worker/requirements.in", "drift", "worker/" + lock, "compiled"),
            redis.occurrences().stream().collect(Collectors.toMap(Occurrence::file, Occurrence::status)),
            "the lock flagged with its .in");
        assertTrue(redis.reason().endsWith("; worker/" + lock + " pins with hashes (compiled from " +
            "worker/requirements.in): --fix leaves it; regenerate it with `" + command + "` in worker/"),
            redis.reason());

        final DepFixer.FixResult fixed = Engine.open(dir).fixDependencies(false);

        assertEquals("redis==5.2.0\ncelery>=5.3\n", read("worker/requirements.in"));
        assertEquals(text, read("worker/" + lock), "a hashed lock is never edited by hand");
        assertEquals(List.of("worker/" + lock + ": pins with hashes, not edited by hand; regenerate it with `" +
            command + "` in worker/"), fixed.skipped());
        assertTrue(Engine.open(dir).doctor().drifts(), "the lock stays flagged until it is regenerated");
    }

    @Test
    void shouldFlagALockPinItsInputDoesNotName() throws IOException
    {
        write("api/requirements.txt", "redis==5.2.0\n");
        write("worker/requirements.in", "celery>=5.3\n");
        write("worker/requirements.txt",
            "redis==5.0.1 \\\n    --hash=sha256:0dab495cd5753069d3bc650a0dde8a8f9edde16fc\n    # via celery\n");

        final DriftGroup redis = groups().get("redis");

        assertTrue(redis.reason().endsWith("worker/requirements.in does not name redis: constrain it there, then " +
            "regenerate it with `pip-compile --generate-hashes requirements.in` in worker/"), redis.reason());
    }

    private static List<String> statuses(final DriftGroup group)
    {
        return group.occurrences().stream().map(Occurrence::status).toList();
    }

    private Map<String, DriftGroup> groups()
    {
        return Engine.open(dir).doctor().groups().stream()
            .collect(Collectors.toMap(DriftGroup::name, g -> g, (a, b) -> a));
    }

    private String read(final String relative) throws IOException
    {
        return Files.readString(dir.resolve(relative));
    }

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
