package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same workspace planned by separate processes, on every JDK this machine has (17 and, where installed, 25),
 * gives byte-identical plans.
 */
@Timeout(180)
class PlanAcrossJvmsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPlanTheSameBytesInEveryProcessAndJvm() throws Exception
    {
        final List<String> javas = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString()));
        for (final String other : List.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"))
        {
            if (Files.isExecutable(Path.of(other)) && !javas.contains(other))
            {
                javas.add(other);
            }
        }
        byte[] first = null;
        for (final String java : javas)
        {
            for (int run = 0; run < 2; run++)
            {
                final Path workspace = TestWorkspaces.shop(Files.createTempDirectory(dir, "ws"));
                final byte[] plan = plan(java, workspace);
                if (first == null)
                {
                    first = plan;
                }
                assertArrayEquals(first, plan, java + " run " + run);
            }
        }
    }

    private static byte[] plan(final String java, final Path workspace) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(java, "-jar", TestWorkspaces.JAR.toString(), "plan", "--json",
            workspace.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final byte[] out = process.getInputStream().readAllBytes();
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals(4, process.exitValue(), "changes planned");
        return out;
    }
}
