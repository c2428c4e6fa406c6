package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

import io.rtt.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as {@link Rtt#main} builds it, with captured streams: exit codes and both streams are API.
 */
class CliTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return Rtt.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void shouldListVerbsAndExitCodesInHelp()
    {
        assertEquals(0, run("--help"));
        for (final String verb : new String[] {"up", "scan", "doctor", "plan", "show", "keys", "sign", "apply",
            "rollback", "gen", "log", "routes", "metrics", "record", "serve", "version"})
        {
            assertTrue(out.toString().contains("  " + verb), out.toString());
        }
        assertTrue(out.toString().contains("3   refused by policy"), out.toString());
        assertTrue(out.toString().contains("4   changes: plan planned changes, doctor found drift"), out.toString());
        assertTrue(out.toString().contains("./rtt bench lanes --help"), "the bench's own jar is named");
    }

    @Test
    void shouldPrintVersion()
    {
        assertEquals(0, run("version"));
        assertTrue(out.toString().startsWith("rtt "));
        assertTrue(out.toString().contains("MCP Java SDK 2.1.0"), out.toString());
    }

    @Test
    void shouldExitTwoForMissingWorkspace()
    {
        assertEquals(2, run("scan", dir.resolve("nope").toString()));
        assertEquals("rtt: workspace is not a directory: " + dir.resolve("nope") + System.lineSeparator(),
            err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldExitTwoForUnknownOptionAndBadServeArguments()
    {
        assertEquals(2, run("scan", "--frobnicate"));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
        assertEquals(2, run("serve", "--stdio", "--http", "0", dir.toString()));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
        assertEquals(2, run("serve", "--metrics-port", "70000", dir.toString()));
        assertTrue(err.toString().contains("--metrics-port expects 0..65535"), err.toString());
        assertEquals(2, run("serve", "--http", "localhost:http", dir.toString()));
        assertTrue(err.toString().contains("--http expects [HOST:]PORT"), err.toString());
    }

    @Test
    void shouldExitThreeForMetricsWithNoPanelTwoForABadWindowAndStopNothingQuietly() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);
        final String none = "no panel serves this workspace: run `rtt serve --detach " + shop.toRealPath() + "`";

        assertEquals(3, run("metrics", shop.toString()));
        assertEquals("rtt: " + none + System.lineSeparator(), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("metrics", "--window", "2h", shop.toString()));
        assertEquals("rtt: --window expects seconds (30s, 30) or minutes (1m), got: 2h" + System.lineSeparator(),
            err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("metrics", "--window", "90s", shop.toString()));
        assertEquals("rtt: window of 90 s: expected whole seconds from 1 s to 60 s (the panel keeps that many " +
            "one-second slices)" + System.lineSeparator(), err.toString());
        assertEquals(2, run("serve", "--detach", "--stop", shop.toString()));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
        assertEquals("", out.toString());

        assertEquals(0, run("serve", "--stop", shop.toString()));
        assertEquals(none + System.lineSeparator(), out.toString());
    }

    @Test
    void shouldPlanSignApplyLogAndRollBackWithStableExitCodes() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);
        assertEquals(0, run("keys", "init", "-w", shop.toString(), "--name", "ci"));
        assertEquals(4, run("plan", shop.toString()), "changes planned");
        final Path plan;
        try (var files = Files.list(shop.resolve(".rtt/plans")))
        {
            plan = files.filter(f -> f.toString().endsWith(".plan.json")).findFirst().orElseThrow();
        }

        assertEquals(3, run("apply", plan.toString()), "unsigned is refused");
        assertTrue(err.toString().contains("is unsigned: sign it with `rtt sign "), err.toString());
        assertEquals(0, run("sign", plan.toString()));
        assertEquals(0, run("apply", plan.toString()));
        assertEquals(3, run("apply", plan.toString()), "a replay is refused");
        assertEquals(0, run("plan", shop.toString()), "nothing left to change");
        assertEquals(0, run("log", shop.toString(), "--verify"));
        // keys init recorded the trust set in a frame before the apply's
        assertTrue(out.toString().contains("verified: 2 frames"), out.toString());
        assertEquals(0, run("rollback", shop.toString()));
        assertEquals(0, run("log", shop.toString(), "--consistency", "1"));
        assertTrue(out.toString().contains("\"newSize\":3"), out.toString());
        // the rolled-back plan comes back: refused as a replay, with the way forward, then signed anew and applied
        assertEquals(4, run("plan", shop.toString()), "the same changes planned again");
        assertEquals(3, run("apply", plan.toString()), "its spent envelope is refused");
        assertTrue(err.toString().contains("sign it anew with `rtt sign "), err.toString());
        assertEquals(0, run("sign", plan.toString()));
        assertEquals(0, run("apply", plan.toString()), "signed at the next version, it applies");
    }

    @Test
    void shouldGenerateConnectorsOfTheCommittedPlanOnceAndRefuseABadLanguageOrDirectory() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);
        assertEquals(0, run("keys", "init", "-w", shop.toString(), "--name", "ci"));
        assertEquals(4, run("plan", shop.toString()));
        final Path plan;
        try (var files = Files.list(shop.resolve(".rtt/plans")))
        {
            plan = files.filter(f -> f.toString().endsWith(".plan.json")).findFirst().orElseThrow();
        }
        assertEquals(0, run("sign", plan.toString()));
        assertEquals(0, run("apply", plan.toString()));
        out.getBuffer().setLength(0);

        assertEquals(0, run("gen", shop.toString()));
        final String text = out.toString();
        assertTrue(text.startsWith("connectors of plan sha256:"), text);
        assertTrue(text.contains("  created   python worker->ledger     .rtt/drivers/worker/ledger_client.py"), text);
        assertTrue(text.contains("note: route worker->ledger is on a shm lane, which the python client cannot speak " +
            "(only Java's can); pin it with `lane: uds` in rtt.yaml, then plan and apply"), text);
        assertTrue(text.endsWith("0 unchanged; 0 routes skipped" + System.lineSeparator()), text);
        final byte[] generated = Files.readAllBytes(shop.resolve(".rtt/drivers/billing/DbClient.java"));

        out.getBuffer().setLength(0);
        assertEquals(0, run("gen", shop.toString(), "--json"));
        assertTrue(out.toString().startsWith("{\"files\":[{"), out.toString());
        assertFalse(out.toString().contains("\"created\"") || out.toString().contains("\"updated\""),
            "a second run changes nothing: " + out);
        assertArrayEquals(generated, Files.readAllBytes(shop.resolve(".rtt/drivers/billing/DbClient.java")));

        assertEquals(2, run("gen", shop.toString(), "--lang", "cobol"));
        assertEquals("rtt: no connector language 'cobol'; the languages are java, python, node, go" +
            System.lineSeparator(), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(3, run("gen", shop.toString(), "--out", dir.resolve("elsewhere").toString()));
        assertTrue(err.toString().startsWith("rtt: connectors go inside the workspace, and " +
            dir.resolve("elsewhere") + " is outside it"), err.toString());
        assertFalse(Files.exists(dir.resolve("elsewhere")));
    }

    @Test
    void shouldExitFourWhenThePlanHasChangesAndZeroWhenItHasNone() throws Exception
    {
        try (RedisServer redis = RedisServer.start(dir, null))
        {
            final Path shop = TestWorkspaces.shop(dir, redis);

            assertEquals(4, run("plan", shop.toString()));
            assertTrue(out.toString().contains("next: rtt sign <plan file>, then rtt apply <plan file>"),
                out.toString());
            assertEquals(0, run("up", "--apply", "--requests", "1", shop.toString()), out.toString());
            out.getBuffer().setLength(0);

            assertEquals(0, run("plan", shop.toString()));
            assertFalse(out.toString().contains("next: rtt sign"), out.toString());
            assertEquals("", err.toString());
        }
    }

    @Test
    void shouldFailVerifyOnUpApplyWhereNoRedisAnswersNamingTheEndpointAndTheFix() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);
        final Path none = dir.resolve("no-redis.sock");
        // no dev service stands in: the cache is named where nothing answers, and dev services are off for the db
        Files.writeString(shop.resolve("rtt.yaml"), "components:\n  cache: { endpoint: \"" + none + "\" }\n" +
            "services: off\n", StandardOpenOption.APPEND);

        assertEquals(4, run("up", "--apply", "--requests", "1", shop.toString()), "a committed route is not served");
        final String text = out.toString();
        assertTrue(text.contains("2 of 8 committed routes served"), text);
        assertTrue(text.matches("(?s).*FAIL\\s+live\\s+api->cache\\s+not served: cannot start: cannot reach redis at " +
            "unix:" + Pattern.quote(none.toString()) + " \\(rtt\\.yaml\\): .*; start it, or point RTT_ENDPOINT_CACHE " +
            "or rtt\\.yaml components\\.cache\\.endpoint at it.*"), text);
        assertTrue(text.contains("NOT verified: "), text);
    }

    @Test
    void shouldExitTwoForBadInputOfPlanAndDoctor()
    {
        assertEquals(2, run("plan", dir.resolve("nope").toString()));
        assertEquals(2, run("doctor", dir.resolve("nope").toString()));
        final String missing = "rtt: workspace is not a directory: " + dir.resolve("nope") + System.lineSeparator();
        assertEquals(missing + missing, err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldExitThreeWhenApplyingAnUnsignedPlan() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);
        assertEquals(4, run("plan", "--out", dir.resolve("unsigned.plan.json").toString(), shop.toString()));
        err.getBuffer().setLength(0);

        assertEquals(3, run("apply", "-w", shop.toString(), dir.resolve("unsigned.plan.json").toString()));

        assertTrue(err.toString().startsWith("rtt: "), err.toString());
        assertTrue(err.toString().contains("is unsigned: sign it with `rtt sign "), err.toString());
    }

    @Test
    void shouldExitOneWithTheMessageAndNoStackTraceWhenWritingFails() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);
        final Path nowhere = dir.resolve("no-such-dir").resolve("p.json");

        assertEquals(1, run("plan", "--out", nowhere.toString(), shop.toString()));
        assertEquals("rtt: java.nio.file.NoSuchFileException: " + nowhere + System.lineSeparator(), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("plan", "-v", "--out", nowhere.toString(), shop.toString()));
        assertTrue(err.toString().contains("\tat java.base/"), "--verbose prints the stack trace: " + err);
    }

    @Test
    void shouldExitFourWhenDoctorFindsDriftAndZeroOnceFixed() throws Exception
    {
        for (final String app : new String[] {"a:1.0.0", "b:1.1.0"})
        {
            final Path manifest = dir.resolve(app.substring(0, 1)).resolve("package.json");
            Files.createDirectories(manifest.getParent());
            Files.writeString(manifest, "{\"name\": \"" + app.substring(0, 1) + "\", \"version\": \"1.0.0\", " +
                "\"dependencies\": {\"left-pad\": \"" + app.substring(2) + "\"}}\n");
        }

        assertEquals(4, run("doctor", dir.toString()));
        assertEquals(4, run("doctor", "--fix", "--dry-run", dir.toString()));
        assertEquals(0, run("doctor", "--fix", dir.toString()));
        assertEquals(0, run("doctor", dir.toString()));
    }

    @Test
    void shouldPrintCanonicalIndexWithJson() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);

        assertEquals(0, run("scan", "--json", shop.toString()));

        assertArrayEquals(Files.readAllBytes(shop.resolve(".rtt/index/symbols.index.json")),
            out.toString().strip().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldShowComponentsEdgesAndEvidenceOnUp() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);

        assertEquals(0, run("up", shop.toString()));

        final String text = out.toString();
        assertTrue(text.contains("7 components (3 datastore, 4 service), 8 edges"), text);
        assertTrue(text.contains("  api -> db"), text);
        assertTrue(text.contains("compose.yaml:9  DATABASE_URL=postgres://shop:***@db:5432/shop"), text);
        assertTrue(text.contains("next: sign and apply it: `rtt up --apply "), text);
        assertFalse(text.contains("== serve"), "nothing is committed, so nothing is served");
        assertEquals("", err.toString());
    }

    @Test
    void shouldApplyServeAndSendTrafficOverBothLaneKindsOnUpApply() throws Exception
    {
        try (RedisServer redis = RedisServer.start(dir, null))
        {
            final Path shop = TestWorkspaces.shop(dir, redis);

            assertEquals(0, run("up", "--apply", "--requests", "200", shop.toString()), out.toString());

            final String text = out.toString();
            assertTrue(text.contains("signed (version 1) and applied"), text);
            assertTrue(text.contains("8 of 8 committed routes served"), text);
            assertTrue(text.contains("api->catalog       200 requests, 200 answered as expected"), text);
            assertTrue(text.contains("api->db            200 requests, 200 answered as expected"), text);
            assertTrue(text.contains("worker->ledger     200 requests, 200 answered as expected"), text);
            assertTrue(text.contains("api->cache         200 requests, 200 answered as expected"), text);
            assertTrue(text.matches("(?s).*api->catalog\\s+uds\\s+echo\\s+200\\s+200\\s+0.*"), text);
            assertTrue(text.matches("(?s).*worker->ledger\\s+shm\\s+sqlite\\s+201\\s+201\\s+0.*"), text);
            assertTrue(text.contains("== verify"), text);
            assertTrue(text.matches("(?s).*ok\\s+live\\s+worker->ledger\\s+probe answered in .*"), text);
            assertTrue(text.matches("(?s).*ok\\s+live\\s+api->cache\\s+probe answered in .*"), text);
            assertTrue(text.matches("(?s).*ok\\s+live\\s+api->db\\s+probe answered in .*"), text);
            assertTrue(text.contains("verified: "), text);

            out.getBuffer().setLength(0);
            assertEquals(4, run("verify", shop.toString()), "no panel serves the routes any more");
            assertTrue(out.toString().contains("FAIL       panel"), out.toString());
            assertTrue(out.toString().contains("NOT verified: "), out.toString());
            out.getBuffer().setLength(0);
            assertEquals(2, run("verify", "--window", "2m", shop.toString()));

            out.getBuffer().setLength(0);
            assertEquals(0, run("routes", shop.toString()));
            assertTrue(out.toString().contains("0 of 8 committed routes served"), out.toString());
            assertTrue(out.toString().contains("api->catalog       uds echo      not served: no panel serves " +
                "this workspace: run `rtt serve --detach " + shop.toRealPath() + "`"), out.toString());

            out.getBuffer().setLength(0);
            assertEquals(0, run("up", "--requests", "50", shop.toString()));
            assertTrue(out.toString().contains("the WAL head already is the desired graph"), out.toString());
            assertTrue(out.toString().contains("worker->ledger     50 requests, 50 answered as expected"),
                out.toString());
            assertFalse(Files.exists(shop.resolve(".rtt/lanes/routes.json")), "the in-process panel stopped");
        }
    }
}
