package io.rtt.engine.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryPolicyTest
{
    @TempDir
    Path dir;

    private CanaryPolicy load(final String yaml) throws IOException
    {
        Files.writeString(dir.resolve("rtt.yaml"), yaml);
        return CanaryPolicy.load(Workspace.open(dir));
    }

    private void assertRefused(final String yaml, final String message)
    {
        final RttException ex = assertThrows(RttException.class, () -> load(yaml));
        assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
        assertEquals(message, ex.getMessage());
    }

    @Test
    void shouldUseTheDefaultsWithoutACanarySection() throws IOException
    {
        assertEquals(new CanaryPolicy(0.01, 50, 0.1, 0.01, 0.1), CanaryPolicy.DEFAULT);
        assertEquals(CanaryPolicy.DEFAULT, CanaryPolicy.load(Workspace.open(dir)));
        assertEquals(CanaryPolicy.DEFAULT, load("slos:\n  \"api->db\": { p99Ms: 5 }\n"));
    }

    @Test
    void shouldReadEverySettingAndDefaultTheRest() throws IOException
    {
        assertEquals(new CanaryPolicy(0.05, 200, 0.25, 0.02, 0.2), load("""
            canary: { alpha: 0.05, minSamples: 200, minLatencyShift: 0.25, minErrorRateDifference: 0.02,
                      fraction: 0.2 }
            """));
        assertEquals(new CanaryPolicy(0.01, 50, 0.1, 0.01, 0.5), load("canary:\n  fraction: 0.5\n"));
        assertEquals(new CanaryPolicy(0.01, 50, 0, 0.01, 0.1), load("canary:\n  minLatencyShift: 0\n"));
    }

    @Test
    void shouldRefuseAValueOutOfItsBoundsNamingItsLine()
    {
        assertRefused("canary:\n  minSamples: 50\n  alpha: 0.7\n",
            "rtt.yaml:3: canary.alpha must be in (0, 0.5], got 0.7");
        assertRefused("canary:\n  minSamples: 10\n",
            "rtt.yaml:2: canary.minSamples must be a whole number from 20 to 1000000000 (the rank-sum test's normal " +
            "approximation needs 20 a side), got 10");
        assertRefused("canary:\n  fraction: 1\n", "rtt.yaml:2: canary.fraction must be in (0, 1), got 1.0");
        assertRefused("canary:\n  minErrorRateDifference: -0.01\n",
            "rtt.yaml:2: canary.minErrorRateDifference must be in [0, 1] (0.01 is one percentage point), got -0.01");
    }

    @Test
    void shouldRefuseAValueOfTheWrongKindNamingItsLine()
    {
        assertRefused("canary:\n  alpha: often\n", "rtt.yaml:2: canary.alpha must be a number, got \"often\"");
        assertRefused("canary:\n  minSamples: 50.5\n",
            "rtt.yaml:2: canary.minSamples must be a whole number, got 50.5");
        assertRefused("canary: yes\n", "rtt.yaml:1: canary must be a mapping of alpha, minSamples, minLatencyShift, " +
            "minErrorRateDifference, fraction, got \"yes\"");
    }

    @Test
    void shouldRefuseAnUnknownSettingRatherThanIgnoreATypo()
    {
        assertRefused("canary:\n  alpha: 0.01\n  minSample: 100\n", "rtt.yaml:3: canary.minSample is not a canary " +
            "setting; they are alpha, minSamples, minLatencyShift, minErrorRateDifference, fraction");
    }

    @Test
    void shouldRefuseAnInvalidPolicyBuiltInCode()
    {
        assertEquals("alpha must be in (0, 0.5], got 0.0", assertThrows(IllegalArgumentException.class,
            () -> new CanaryPolicy(0, 50, 0.1, 0.01, 0.1)).getMessage());
    }
}
