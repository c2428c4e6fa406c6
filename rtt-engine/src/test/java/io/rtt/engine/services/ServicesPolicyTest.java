package io.rtt.engine.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesPolicyTest
{
    @TempDir
    Path dir;

    @Test
    void shouldStartServicesAutomaticallyByDefault() throws IOException
    {
        assertTrue(ServicesPolicy.auto(Workspace.open(dir)));
        Files.writeString(dir.resolve("rtt.yaml"), "plan: {}\n");
        assertTrue(ServicesPolicy.auto(Workspace.open(dir)));
    }

    @Test
    void shouldReadAutoAndOff() throws IOException
    {
        Files.writeString(dir.resolve("rtt.yaml"), "services: auto\n");
        assertTrue(ServicesPolicy.auto(Workspace.open(dir)));
        for (final String off : new String[] {"services: off\n", "services: 'off'\n"})
        {
            Files.writeString(dir.resolve("rtt.yaml"), off);
            assertFalse(ServicesPolicy.auto(Workspace.open(dir)), off);
        }
    }

    @Test
    void shouldRefuseAnyOtherValueWithItsLine() throws IOException
    {
        for (final String bad : new String[] {"services: sometimes\n", "services: { postgres: off }\n",
            "services: 1\n"})
        {
            Files.writeString(dir.resolve("rtt.yaml"), "# dev services\n" + bad);
            final RttException ex = assertThrows(RttException.class,
                () -> ServicesPolicy.auto(Workspace.open(dir)), bad);

            assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
            assertTrue(ex.getMessage().startsWith("rtt.yaml:2: services must be auto or off, got "),
                ex.getMessage());
        }
    }
}
