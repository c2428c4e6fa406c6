package io.rtt.engine.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.testsupport.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingPolicyTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepNoRecordingWhenRttYamlTurnsItOff() throws IOException
    {
        final Engine engine = CommittedShop.commit(dir, "recording: { enabled: false }\n");

        try (Panel panel = Panel.start(new Panel.Context().engine(engine)))
        {
            assertFalse(engine.recording().running(), engine.recording().toString());
        }
    }

    @Test
    void shouldRefuseAMalformedRecordingSectionWithItsLine() throws IOException
    {
        final Path shop = Examples.copy("shop", dir);
        for (final String bad : new String[] {"recording: yes\n", "recording: { enabled: maybe }\n",
            "recording: { enabled: true, size: 3 }\n"})
        {
            Files.writeString(shop.resolve("rtt.yaml"), bad);
            final Engine engine = Engine.open(shop);
            final RttException ex = assertThrows(RttException.class, () -> RecordingPolicy.enabled(engine.workspace()),
                bad);
            assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
            assertTrue(ex.getMessage().startsWith("rtt.yaml:1: recording"), ex.getMessage());
        }
    }
}
