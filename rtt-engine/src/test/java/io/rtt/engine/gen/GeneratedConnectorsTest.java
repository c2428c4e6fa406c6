package io.rtt.engine.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.testsupport.GoToolchain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtt gen} against a real panel: the clients generated for a sqlite route in Java (compiled with javax.tools
 * against the test class path), Python, Node and Go each create a table, run a transaction with parameters, read
 * the rows back and meet an error frame as their language's error; every format compiles in every language;
 * generation is deterministic and idempotent, and keeps what is written inside rtt:keep regions.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GeneratedConnectorsTest
{
    /** What each language's check prints, the rows and the error text being the driver's. */
    private static final String EXPECTED = """
        tx 11
        rows [[1,"one"],[2,"two"]]
        error [SQLITE_ERROR] SQL error or missing database (no such table: nowhere)
        deadline 2000 ms
        """;

    @TempDir
    static Path dir;

    private static Engine engine;
    private static Panel panel;
    private static GenerateReport generated;

    @BeforeAll
    static void serveAndGenerate() throws IOException
    {
        engine = ConnectorWorkspace.commit(dir.resolve("ws"));
        panel = Panel.start(new Panel.Context().engine(engine).metricsPort(-1));
        final List<RouteStatus> status = panel.reconcile();
        for (final String route : List.of("shop->ledger", "worker->ledger", "web->ledger", "gosvc->ledger",
            "web->shop"))
        {
            assertTrue(status.stream().anyMatch(s -> s.route().equals(route) && s.served()), status.toString());
        }
        generated = engine.generate(null, null);
    }

    @AfterAll
    static void stop()
    {
        if (panel != null)
        {
            panel.close();
        }
    }

    @Test
    void shouldWriteAClientPerRouteInTheCallersLanguageAndSkipOthersSayingWhy()
    {
        final Map<String, String> clients = new TreeMap<>();
        generated.files().stream().filter(f -> f.route() != null).forEach(f -> clients.put(f.route(), f.path()));
        assertEquals(Map.ofEntries(
            Map.entry("gosvc->cache", ".rtt/drivers/gosvc/cache_client.go"),
            Map.entry("gosvc->graph", ".rtt/drivers/gosvc/graph_client.go"),
            Map.entry("gosvc->ledger", ".rtt/drivers/gosvc/ledger_client.go"),
            Map.entry("shop->cache", ".rtt/drivers/shop/CacheClient.java"),
            Map.entry("shop->graph", ".rtt/drivers/shop/GraphClient.java"),
            Map.entry("shop->ledger", ".rtt/drivers/shop/LedgerClient.java"),
            Map.entry("web->cache", ".rtt/drivers/web/cache-client.mjs"),
            Map.entry("web->graph", ".rtt/drivers/web/graph-client.mjs"),
            Map.entry("web->ledger", ".rtt/drivers/web/ledger-client.mjs"),
            Map.entry("web->shop", ".rtt/drivers/web/shop-client.mjs"),
            Map.entry("worker->cache", ".rtt/drivers/worker/cache_client.py"),
            Map.entry("worker->graph", ".rtt/drivers/worker/graph_client.py"),
            Map.entry("worker->ledger", ".rtt/drivers/worker/ledger_client.py")), clients);
        assertEquals(List.of(".rtt/drivers/gosvc/client.go", ".rtt/drivers/gosvc/frame.go",
            ".rtt/drivers/gosvc/rtt_json.go", ".rtt/drivers/gosvc/rtt_redis.go", ".rtt/drivers/gosvc/rtt_sql.go",
            ".rtt/drivers/web/rtt-client.mjs", ".rtt/drivers/web/rtt-frame.mjs", ".rtt/drivers/worker/rtt_client.py",
            ".rtt/drivers/worker/rtt_frame.py"),
            generated.files().stream().filter(f -> f.route() == null).map(GenerateReport.File::path).toList());
        assertEquals(List.of(new GenerateReport.Skipped("rusty->ledger", "rusty", "component rusty is written in " +
            "rust; rtt gen writes java, python, node and go clients: pass --lang to choose one")),
            generated.skipped());
        assertTrue(generated.plan().startsWith("sha256:"), generated.plan());
        assertEquals(".rtt/drivers", generated.out());
    }

    @Test
    void shouldSayWhichPlanAndRouteAFileWasMadeFrom() throws IOException
    {
        final String python = read(".rtt/drivers/worker/ledger_client.py");
        assertTrue(python.startsWith("# Generated by rtt gen from plan " + generated.plan() + " (graph " +
            generated.graph() + "): route worker->ledger, driver sqlite, uds lane, deadline 2000 ms.\n# Regenerating " +
            "rewrites this file except inside its rtt:keep regions (README, \"Generated connectors\").\n"), python);
        assertTrue(read(".rtt/drivers/shop/LedgerClient.java").contains("route shop->ledger, driver sqlite, uds " +
            "lane, deadline 3000 ms."));
        assertTrue(read(".rtt/drivers/gosvc/ledger_client.go").startsWith("// Code generated by rtt gen; edit only " +
            "inside rtt:keep regions. DO NOT EDIT.\n"));
        assertTrue(read(".rtt/drivers/worker/rtt_client.py").startsWith("# Copied by rtt gen from RTT's " +
            "clients/python/rtt_client.py; regenerating replaces it.\n"));
    }

    @Test
    void javaClientShouldQueryTheRouteAndThrowOnAnErrorFrame() throws Exception
    {
        final Path classes = compileJava(drivers("shop"), resource("Check.java"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
            getClass().getClassLoader()))
        {
            final Method run = loader.loadClass("Check").getMethod("run", String.class);
            assertEquals(EXPECTED.replace("2000", "3000"), run.invoke(null, engine.workspace().root().toString()));
        }
    }

    @Test
    void pythonClientShouldQueryTheRouteAndRaiseOnAnErrorFrame() throws Exception
    {
        assertEquals(EXPECTED, run(dir, List.of("python3", resource("check.py").toString(),
            drivers("worker").toString(), root())));
    }

    @Test
    void nodeClientShouldQueryTheRouteAndRejectOnAnErrorFrame() throws Exception
    {
        assertEquals(EXPECTED + "echo hello shop\n", run(dir, List.of("node", resource("check.mjs").toString(),
            drivers("web").toString(), root())));
    }

    @Test
    void goClientShouldQueryTheRouteAndReturnARouteErrorOnAnErrorFrame() throws Exception
    {
        assumeTrue(GoToolchain.installed(), GoToolchain.MISSING);
        final Path module = engine.workspace().root().resolve("gencheck");
        Files.createDirectories(module);
        Files.writeString(module.resolve("go.mod"), "module gencheck\n\ngo 1.19\n");
        Files.copy(resource("check.go"), module.resolve("main.go"));
        final GenerateReport report = engine.generate(null, "gencheck/connectors");
        assertEquals("gencheck/connectors", report.out());
        final ProcessBuilder gofmt = GoToolchain.command(module, "fmt", "./...");
        assertEquals("", run(gofmt), "the generated Go is as gofmt writes it");
        assertEquals(EXPECTED, run(GoToolchain.command(module, "run", ".", root())));
    }

    @Test
    void everyFormatShouldCompileInEveryLanguage() throws Exception
    {
        for (final ConnectorLanguage language : ConnectorLanguage.values())
        {
            final GenerateReport report = engine.generate(language.label(), "all/" + language.label());
            assertTrue(report.skipped().isEmpty(), report.skipped().toString());
            assertEquals(14, report.files().stream().filter(f -> f.route() != null).count(), language.label());
        }
        final Path all = engine.workspace().root().resolve("all");
        for (final String component : List.of("shop", "worker", "web", "gosvc", "rusty"))
        {
            compileJava(all.resolve("java").resolve(component), null);
            for (final Path file : list(all.resolve("python").resolve(component), ".py"))
            {
                run(dir, List.of("python3", "-m", "py_compile", file.toString()));
            }
            for (final Path file : list(all.resolve("node").resolve(component), ".mjs"))
            {
                run(dir, List.of("node", "--check", file.toString()));
            }
        }
        if (GoToolchain.installed())
        {
            Files.writeString(all.resolve("go").resolve("go.mod"), "module all\n\ngo 1.19\n");
            assertEquals("", run(GoToolchain.command(all.resolve("go"), "vet", "./...")));
        }
    }

    @Test
    void generatingAgainShouldWriteTheSameBytesAndTouchNothing() throws IOException
    {
        final Map<String, byte[]> before = snapshot(drivers(""));
        final GenerateReport again = engine.generate(null, null);
        assertEquals(generated.files().size(), again.files().size());
        assertTrue(again.files().stream().allMatch(f -> f.status().equals("unchanged")), again.files().toString());
        final Map<String, byte[]> after = snapshot(drivers(""));
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    }

    @Test
    void handEditsInsideKeptRegionsShouldSurviveAndOthersShouldNot() throws Exception
    {
        engine.generate(null, "kept");
        final Path client = engine.workspace().root().resolve("kept/worker/ledger_client.py");
        final String original = Files.readString(client);
        final String edited = original
            .replace("# rtt:keep begin imports\n", "# rtt:keep begin imports\nimport os\n")
            .replace("    # rtt:keep begin methods\n", "    # rtt:keep begin methods\n" +
                "    def count(self, table: str) -> int:\n" +
                "        return self.query(f\"SELECT count(*) FROM {table}\")[\"rows\"][0][0]\n")
            .replace("ROUTE = \"worker->ledger\"", "ROUTE = \"worker->elsewhere\"");
        Files.writeString(client, edited);
        final GenerateReport report = engine.generate(null, "kept");
        assertEquals("updated", report.files().stream().filter(f -> f.path().equals("kept/worker/ledger_client.py"))
            .findFirst().orElseThrow().status());
        final String regenerated = Files.readString(client);
        assertEquals(edited.replace("ROUTE = \"worker->elsewhere\"", "ROUTE = \"worker->ledger\""), regenerated,
            "the kept regions stay, the edit outside them is undone");
        assertEquals("3\n", run(dir, List.of("python3", "-c", "import sys; sys.path.insert(0, sys.argv[1]); " +
            "from ledger_client import LedgerClient; c = LedgerClient(sys.argv[2]); c.query('CREATE TABLE kept(x)'); " +
            "c.transaction(['INSERT INTO kept VALUES (1)'] * 3); print(c.count('kept')); c.close()",
            client.getParent().toString(), root())));
    }

    @Test
    void aRegionTheGeneratorDoesNotWriteShouldRefuseTheRunAndWriteNothing() throws IOException
    {
        engine.generate(null, "foreign");
        final Path client = engine.workspace().root().resolve("foreign/web/ledger-client.mjs");
        Files.writeString(client, Files.readString(client) + "// rtt:keep begin mine\nconst x = 1;\n// rtt:keep end\n");
        final Path library = engine.workspace().root().resolve("foreign/worker/rtt_frame.py");
        Files.delete(library);
        final RttException refused = assertThrows(RttException.class, () -> engine.generate(null, "foreign"));
        assertEquals(RttException.Kind.BAD_INPUT, refused.kind());
        assertEquals("foreign/web/ledger-client.mjs: region 'mine' is not one rtt gen writes (it writes imports, " +
            "methods); move its lines into one of those regions, or delete its markers, then run rtt gen again. The " +
            "file is left as it is", refused.getMessage());
        assertFalse(Files.exists(library), "nothing is written when a file is refused");
    }

    @Test
    void anOutputDirectoryOutsideTheWorkspaceOrInsideItsStateShouldBeRefused()
    {
        final RttException outside = assertThrows(RttException.class, () -> engine.generate(null, "../elsewhere"));
        assertEquals(RttException.Kind.REFUSED, outside.kind());
        assertTrue(outside.getMessage().startsWith("connectors go inside the workspace, and ../elsewhere is outside " +
            "it"), outside.getMessage());
        final RttException state = assertThrows(RttException.class, () -> engine.generate(null, ".rtt/wal"));
        assertEquals("--out .rtt/wal is inside RTT's state directory (.rtt/); connectors go in .rtt/drivers (the " +
            "default) or in the workspace's own tree", state.getMessage());
        final RttException language = assertThrows(RttException.class, () -> engine.generate("cobol", null));
        assertEquals("no connector language 'cobol'; the languages are java, python, node, go", language.getMessage());
    }

    private static String root()
    {
        return engine.workspace().root().toString();
    }

    private static Path drivers(final String component)
    {
        return engine.workspace().layout().driversDir().resolve(component);
    }

    private static String read(final String relative) throws IOException
    {
        return Files.readString(engine.workspace().root().resolve(relative));
    }

    private static Path resource(final String name) throws IOException
    {
        final Path copy = dir.resolve("checks").resolve(name);
        if (!Files.exists(copy))
        {
            Files.createDirectories(copy.getParent());
            try (InputStream in = GeneratedConnectorsTest.class.getResourceAsStream(name))
            {
                Files.copy(in, copy);
            }
        }
        return copy;
    }

    private static List<Path> list(final Path directory, final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Map<String, byte[]> snapshot(final Path directory) throws IOException
    {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : (Iterable<Path>)paths.filter(Files::isRegularFile)::iterator)
            {
                files.put(directory.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }

    /** Compiles every Java file of a directory, and one more file when given, into a new class directory. */
    private static Path compileJava(final Path sources, final Path extra) throws IOException
    {
        final Path classes = Files.createTempDirectory(dir, "classes");
        final List<Path> files = new ArrayList<>(list(sources, ".java"));
        if (extra != null)
        {
            files.add(extra);
        }
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager manager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8))
        {
            final Iterable<? extends JavaFileObject> units = manager.getJavaFileObjectsFromPaths(files);
            final boolean compiled = compiler.getTask(new PrintWriter(diagnostics), manager, null,
                List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none",
                    "-Xlint:all,-path,-processing", "-Werror"), null, units).call();
            assertTrue(compiled, diagnostics.toString());
        }
        return classes;
    }

    private static String run(final Path workingDir, final List<String> command) throws Exception
    {
        return run(new ProcessBuilder(command).directory(workingDir.toFile()));
    }

    private static String run(final ProcessBuilder builder) throws Exception
    {
        final Process process = builder.redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, process.exitValue(), String.join(" ", builder.command()) + "\n" + output);
        return output;
    }
}
