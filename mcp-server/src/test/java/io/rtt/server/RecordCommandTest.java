package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.rtt.engine.Engine;
import io.rtt.engine.json.Json;
import io.rtt.engine.panel.Panel;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code rtt record} against a panel running in this process on a committed copy of the example: the recording's
 * state, a dump whose path it prints, and its exit codes (3 with no panel, 2 for bad input).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RecordCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Rtt.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    /** The example, planned, signed and applied through the CLI. */
    private Path committedShop() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);
        assertEquals(0, run("keys", "init", "-w", shop.toString(), "--name", "ci"), err.toString());
        assertEquals(4, run("plan", shop.toString()), err.toString());
        final Path plan;
        try (Stream<Path> files = Files.list(shop.resolve(".rtt/plans")))
        {
            plan = files.filter(f -> f.toString().endsWith(".plan.json")).findFirst().orElseThrow();
        }
        assertEquals(0, run("sign", plan.toString()), err.toString());
        assertEquals(0, run("apply", plan.toString()), err.toString());
        return shop;
    }

    @Test
    void shouldPrintTheRecordingAndDumpItToAnOwnerOnlyFileWhosePathItPrints() throws Exception
    {
        final Path shop = committedShop();
        final Path recordings = shop.toRealPath().resolve(".rtt/recordings");
        try (Panel panel = Engine.open(shop).startPanel(-1, 0))
        {
            assertEquals(0, run("record", shop.toString()), err.toString());
            assertTrue(out.toString().startsWith("flight recording running since "), out.toString());
            assertTrue(out.toString().contains("keeping the last 10 min and 32.0 MiB at most"), out.toString());
            assertTrue(out.toString().contains("0 dumps in " + recordings + " (the newest 20 are kept"),
                out.toString());

            assertEquals(0, run("record", "--dump", shop.toString()), err.toString());
            final Path dump = Path.of(out.toString().strip());
            assertEquals(recordings, dump.getParent());
            assertTrue(dump.getFileName().toString().endsWith("-manual.jfr"), dump.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)));
            assertTrue(RecordingFile.readAllEvents(dump).stream()
                .anyMatch(e -> e.getEventType().getName().equals("rtt.Reconcile")), "the panel's start is in it");
            assertEquals("", err.toString());

            assertEquals(0, run("record", "--dump", "--reason", "before-canary", "--json", shop.toString()),
                err.toString());
            final JsonNode written = Json.MAPPER.readTree(out.toString());
            assertTrue(written.get("path").asString().endsWith("-before-canary.jfr"), written.toString());
            assertEquals(Files.size(Path.of(written.get("path").asString())), written.get("bytes").asLong());

            assertEquals(0, run("record", "--json", shop.toString()), err.toString());
            final JsonNode status = Json.MAPPER.readTree(out.toString());
            assertTrue(status.get("running").asBoolean(), status.toString());
            assertEquals(List.of(written.get("path").asString(), dump.toString()),
                status.get("dumps").valueStream().map(d -> d.get("path").asString()).toList(), "newest first");
            assertEquals(600, status.get("maxAgeSeconds").asLong());

            assertEquals(2, run("record", "--dump", "--reason", "../../etc/x", shop.toString()));
            assertEquals("rtt: reason \"../../etc/x\": expected 1 to 40 letters, digits, '-' or '_', starting with a " +
                "letter or digit (it names the dump's file)" + System.lineSeparator(), err.toString());
            assertEquals(2, run("record", "--reason", "x", shop.toString()));
            assertTrue(err.toString().contains("--reason names a dump: add --dump"), err.toString());
            assertEquals(2, run("record", "--since", "1m", shop.toString()));
            assertTrue(err.toString().startsWith("Unknown options: '--since'"), err.toString());
            assertEquals("", out.toString());
        }
    }

    @Test
    void shouldExitThreeWhenNoPanelRunsAsMetricsDoes() throws Exception
    {
        final Path shop = TestWorkspaces.shop(dir);
        final String none = "rtt: no panel serves this workspace: run `rtt serve --detach " + shop.toRealPath() + "`" +
            System.lineSeparator();
        assertEquals(3, run("record", shop.toString()));
        assertEquals(none, err.toString());
        assertEquals(3, run("record", "--dump", shop.toString()));
        assertEquals(none, err.toString());
        assertEquals(3, run("metrics", shop.toString()));
        assertEquals(none, err.toString());
        assertEquals("", out.toString());
    }
}
