package io.rtt.engine.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.rtt.engine.Engine;
import io.rtt.engine.Workspace;
import io.rtt.engine.match.Candidate;
import io.rtt.engine.match.HeuristicMatcher;
import io.rtt.engine.match.MatchResult;
import io.rtt.engine.match.Reference;
import io.rtt.engine.match.SymbolMatcher;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.SymbolIndex;
import io.rtt.testsupport.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest
{
    @TempDir
    Path dir;

    @Test
    void shouldFindShopComponentsAndWhoTalksToWhom() throws IOException
    {
        final Path shop = Examples.copy("shop", dir);

        final SymbolIndex index = Engine.open(shop).scan(null, false, ScanListener.NONE).index();

        assertEquals(List.of("api", "billing", "cache", "catalog", "db", "ledger", "worker"),
            index.components().stream().map(Component::id).toList());
        assertEquals(ComponentKind.DATASTORE, component(index, "db").kind());
        assertEquals("sqlite", component(index, "ledger").technology());
        assertEquals("postgres:16-alpine", component(index, "db").image());
        assertEquals("javascript", component(index, "api").language());
        assertEquals("shop-api", component(index, "api").name());
        assertEquals("python", component(index, "worker").language());
        assertEquals("go", component(index, "catalog").language());
        assertEquals("java", component(index, "billing").language());
        assertEquals(Set.of("api->cache", "api->catalog", "api->db", "billing->db", "catalog->db", "worker->cache",
            "worker->db", "worker->ledger"), index.edges().stream().map(e -> e.from() + "->" + e.to()).collect(Collectors.toSet()));
        assertEquals(List.of(), index.diagnostics());
    }

    @Test
    void shouldRecordDependenciesWithFileLineAndScope() throws IOException
    {
        final SymbolIndex index = Engine.open(Examples.copy("shop", dir)).scan(null, false, ScanListener.NONE).index();

        assertTrue(index.dependencies().contains(new Dependency("npm", "pg", "^8.12.0", "prod", "api/package.json", 13)));
        assertTrue(index.dependencies().contains(new Dependency("npm", "eslint", "^9.9.0", "dev", "api/package.json", 16)));
        assertTrue(index.dependencies().contains(
            new Dependency("pypi", "tenacity", "~=8.5", "prod", "worker/requirements.txt", 4)));
        assertTrue(index.dependencies().contains(
            new Dependency("pypi", "pytest", ">=8", "optional", "worker/pyproject.toml", 11)));
        assertTrue(index.dependencies().contains(new Dependency("maven", "org.postgresql:postgresql",
            "42.7.3", "prod", "billing/pom.xml", 13, "${postgresql.version}")));
        assertTrue(index.dependencies().contains(
            new Dependency("go", "golang.org/x/text", "v0.16.0", "indirect", "catalog/go.mod", 12)));
    }

    @Test
    void shouldNotWriteSecretsIntoTheIndex() throws IOException
    {
        final byte[] bytes = Engine.open(Examples.copy("shop", dir)).scan(null, false, ScanListener.NONE).index().canonicalBytes();
        final String text = new String(bytes, StandardCharsets.UTF_8);

        assertFalse(text.contains("shop:shop@"), text);
        assertTrue(text.contains("postgres://shop:***@db:5432/shop"));
        assertTrue(text.contains("\"POSTGRES_PASSWORD=***\""));
    }

    @Test
    void shouldWriteSameBytesForSameTreeAcrossEngines() throws IOException
    {
        final Path shop = Examples.copy("shop", dir);

        final byte[] first = Engine.open(shop).scan(null, false, ScanListener.NONE).index().canonicalBytes();
        final byte[] onDisk = Files.readAllBytes(shop.resolve(".rtt/index/symbols.index.json"));
        final byte[] second = Engine.open(shop).scan(null, true, ScanListener.NONE).index().canonicalBytes();

        assertArrayEquals(first, onDisk);
        assertArrayEquals(first, second);
        assertTrue(new String(first, StandardCharsets.UTF_8).startsWith("{\"components\":["));
    }

    @Test
    void shouldAnswerUnchangedTreeFromCacheUntilSomethingChanges() throws IOException
    {
        final Path shop = Examples.copy("shop", dir);
        final Engine engine = Engine.open(shop);

        final ScanResult first = engine.scan(null, false, ScanListener.NONE);
        assertFalse(first.fromCache());
        assertTrue(engine.scan(null, false, ScanListener.NONE).fromCache());
        final ScanResult fromAnotherProcess = Engine.open(shop).scan(null, false, ScanListener.NONE);
        assertTrue(fromAnotherProcess.fromCache(), "tree stamps survive a new engine (regression: nanosecond " +
            "times written as JSON numbers lost precision)");
        assertEquals(first.index(), fromAnotherProcess.index());
        assertFalse(engine.scan(null, true, ScanListener.NONE).fromCache());

        Files.writeString(shop.resolve("api/src/new.js"), "// a new file changes its directory, not a manifest\n");
        assertFalse(engine.scan(null, false, ScanListener.NONE).fromCache());
        assertTrue(engine.scan(null, false, ScanListener.NONE).fromCache());

        final Path manifest = shop.resolve("api/package.json");
        Files.setLastModifiedTime(manifest, FileTime.fromMillis(Files.getLastModifiedTime(manifest).toMillis() + 5000));
        assertFalse(engine.scan(null, false, ScanListener.NONE).fromCache());
    }

    @Test
    void shouldTurnMalformedFilesIntoDiagnosticsAndGoOn() throws IOException
    {
        write("good/package.json", "{\"name\": \"good\", \"scripts\": {\"start\": \"node .\"}}");
        write("badjson/package.json", "{\n  \"name\": \"bad\",\n  \"dependencies\": {\n    \"pg\": \n}\n");
        write("badpom/pom.xml", "<project>\n  <artifactId>x</artifactId>\n  <dependencies>\n</project>\n");
        write("badtoml/pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\n");
        write("badgo/go.mod", "module example.com/x\n\nrequire (\n\tgithub.com/a/b\n)\nfrobnicate\n");
        write("badreq/requirements.txt", "requests>=2\n!!! nonsense\n");
        write("badcompose/compose.yaml", "services:\n  api:\n    image: [unclosed\n");
        Files.write(Files.createDirectories(dir.resolve("binary")).resolve("package.json"), new byte[] {'{', 0, 1, 2});

        final SymbolIndex index = Engine.open(dir).scan(null, false, ScanListener.NONE).index();

        assertTrue(index.components().stream().anyMatch(c -> c.id().equals("good")));
        assertDiagnostic(index, "badjson/package.json", 5, "malformed package.json");
        assertDiagnostic(index, "badpom/pom.xml", 4, "malformed pom.xml");
        assertDiagnostic(index, "badtoml/pyproject.toml", 4, "malformed pyproject.toml: Premature end of file");
        assertDiagnostic(index, "badgo/go.mod", 4, "malformed require: github.com/a/b");
        assertDiagnostic(index, "badgo/go.mod", 6, "unknown go.mod directive: frobnicate");
        assertDiagnostic(index, "badreq/requirements.txt", 2, "not a PEP 508 requirement: !!! nonsense");
        assertDiagnostic(index, "badcompose/compose.yaml", 3, "malformed compose.yaml");
        assertDiagnostic(index, "binary/package.json", 0, "binary content");
        assertTrue(index.dependencies().stream().anyMatch(d -> d.name().equals("requests")));
    }

    @Test
    void shouldCapOversizedManifests() throws IOException
    {
        final Path big = Files.createDirectories(dir.resolve("big")).resolve("package.json");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw"))
        {
            file.setLength(Scanner.MAX_MANIFEST_BYTES + 1);
        }

        final SymbolIndex index = Engine.open(dir).scan(null, false, ScanListener.NONE).index();

        assertDiagnostic(index, "big/package.json", 0, "exceeds the 4194304 byte cap");
    }

    @Test
    void shouldHonourGitignoreAndSkipDependencyDirectories() throws IOException
    {
        write(".gitignore", "ignored/\n*.generated.json\n");
        write("app/package.json", "{\"name\": \"app\"}");
        write("ignored/package.json", "{\"name\": \"ignored\"}");
        write("app/node_modules/dep/package.json", "{\"name\": \"dep\"}");
        write("sub/.gitignore", "!keep/\nlocal/\n");
        write("sub/local/package.json", "{\"name\": \"local\"}");

        final SymbolIndex index = Engine.open(dir).scan(null, false, ScanListener.NONE).index();

        assertEquals(List.of("app"), index.components().stream().map(Component::id).toList());
    }

    @Test
    void shouldNotLoopOnSymlinkCycles() throws IOException
    {
        write("app/package.json", "{\"name\": \"app\"}");
        Files.createSymbolicLink(dir.resolve("app/loop"), dir);

        final SymbolIndex index = Engine.open(dir).scan(null, false, ScanListener.NONE).index();

        assertEquals(1, index.components().size());
    }

    @Test
    void shouldDiagnoseAddressesAndDependsOnThatNameNoService() throws IOException
    {
        write("compose.yaml", String.join("\n",
            "services:",
            "  api:",
            "    image: node:20",
            "    environment:",
            "      DATABASE_URL: postgres://dbx:5432/app",
            "      STRIPE_URL: https://api.stripe.com/v1",
            "    depends_on: [ghost]",
            ""));

        final SymbolIndex index = Engine.open(dir).scan(null, false, ScanListener.NONE).index();

        assertEquals(List.of(
            new Diagnostic("compose.yaml", 5, Diagnostic.WARNING,
                "DATABASE_URL names host 'dbx', which is no component of the workspace"),
            new Diagnostic("compose.yaml", 7, Diagnostic.ERROR, "service api names unknown service 'ghost'")),
            index.diagnostics());
        assertEquals(List.of(), index.edges());
    }

    @Test
    void shouldFollowComposeAnchorsAliasesAndMergeKeys() throws IOException
    {
        write("compose.yaml", String.join("\n",
            "x-common: &common",
            "  environment: &db-env",
            "    DATABASE_URL: postgres://db:5432/app",
            "services:",
            "  api:",
            "    <<: *common",
            "    image: node:20",
            "  worker:",
            "    image: python:3.12",
            "    environment: *db-env",
            "  db:",
            "    image: postgres:16",
            ""));

        final SymbolIndex index = Engine.open(dir).scan(null, true, ScanListener.NONE).index();

        assertEquals(List.of("api->db", "worker->db"), index.edges().stream().map(e -> e.from() + "->" + e.to())
            .toList());
    }

    @Test
    void shouldDecideReferencesThroughTheMatcherItIsGiven() throws IOException
    {
        write("compose.yaml", String.join("\n",
            "services:",
            "  api:",
            "    image: node:20",
            "    environment:",
            "      CART_ADDR: cart-svc:7070",
            "  cartservice:",
            "    image: example/cartservice:1",
            ""));
        final List<Reference> asked = new ArrayList<>();
        final HeuristicMatcher heuristic = new HeuristicMatcher();
        // decides on the heuristic's best suggestion, as a matcher that knows more than the heuristic would
        final SymbolMatcher bolder = new SymbolMatcher()
        {
            @Override
            public String name()
            {
                return "bolder";
            }

            @Override
            public synchronized MatchResult match(final Reference reference, final List<Candidate> candidates)
            {
                asked.add(reference);
                final MatchResult result = heuristic.match(reference, candidates);
                return result.ranked().isEmpty() ? result :
                    new MatchResult(result.ranked(), MatchResult.Decision.MATCHED, name());
            }
        };

        final SymbolIndex heuristically = Engine.open(dir).scan(null, true, ScanListener.NONE).index();
        final SymbolIndex boldly = new Scanner(Workspace.open(dir), bolder).scan(dir, true, ScanListener.NONE).index();

        assertEquals(List.of(new Diagnostic("compose.yaml", 5, Diagnostic.WARNING,
            "CART_ADDR names host 'cart-svc', which is no component of the workspace")), heuristically.diagnostics());
        assertEquals(List.of(), heuristically.edges());
        assertEquals(List.of(), boldly.diagnostics());
        assertEquals(List.of("api->cartservice"), boldly.edges().stream().map(e -> e.from() + "->" + e.to()).toList());
        assertTrue(asked.contains(Reference.host("cart-svc")), asked.toString());
        assertTrue(asked.contains(Reference.name("cartservice", List.of("cartservice"))), asked.toString());
    }

    private static void assertDiagnostic(final SymbolIndex index, final String file, final int line, final String text)
    {
        assertTrue(index.diagnostics().stream().anyMatch(d -> d.file().equals(file) && d.line() == line &&
            d.message().contains(text)), () -> "no diagnostic " + file + ":" + line + " ~ " + text + " in " +
            index.diagnostics());
    }

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Component component(final SymbolIndex index, final String id)
    {
        return index.components().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }
}
