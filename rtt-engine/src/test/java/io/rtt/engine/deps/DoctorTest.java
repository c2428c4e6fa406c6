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
