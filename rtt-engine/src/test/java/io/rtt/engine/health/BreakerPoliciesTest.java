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

/**
 * The {@code breakers} section of rtt.yaml: defaults without it, a default over the built-in one, routes over that
 * default, and every bad value refused with its line.
 */
class BreakerPoliciesTest
{
    @TempDir
    Path dir;

    private BreakerPolicies load(final String yaml) throws IOException
    {
        Files.writeString(dir.resolve("rtt.yaml"), yaml);
        return BreakerPolicies.load(Workspace.open(dir));
    }

    private void assertRefused(final String yaml, final String message)
    {
        final RttException ex = assertThrows(RttException.class, () -> load(yaml));
        assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
        assertEquals(message, ex.getMessage());
    }

    @Test
    void shouldGiveEveryRouteTheBuiltInDefaultsWithoutRttYaml()
    {
        final BreakerPolicies policies = BreakerPolicies.load(Workspace.open(dir));

        assertEquals(BreakerPolicies.DEFAULT, policies);
        assertEquals(new BreakerPolicy(100, 20, 50, 0, 100, 5_000, 3), policies.forRoute("api->catalog"));
    }

    @Test
    void shouldGiveTheBuiltInDefaultsWithoutABreakersSection() throws IOException
    {
        assertEquals(BreakerPolicies.DEFAULT, load("routes:\n  \"api->db\": { priority: 5 }\n"));
    }

    @Test
    void shouldLayARouteOverTheDefaultAndTheDefaultOverTheBuiltIn() throws IOException
    {
        final BreakerPolicies policies = load("""
            breakers:
              default: { window: 50, minCalls: 10, openMs: 2000 }
              "api->catalog": { failureRatePercent: 20, slowCallMs: 250, slowRatePercent: 80, halfOpenCalls: 1 }
            """);

        assertEquals(new BreakerPolicy(50, 10, 50, 0, 100, 2_000, 3), policies.forRoute("worker->ledger"));
        assertEquals(new BreakerPolicy(50, 10, 20, 250, 80, 2_000, 1), policies.forRoute("api->catalog"));
    }

    @Test
    void shouldKeepTheMinimumOfCallsWithinAWindowARouteMakesSmaller() throws IOException
    {
        assertEquals(new BreakerPolicy(8, 8, 50, 0, 100, 5_000, 3),
            load("breakers:\n  \"api->catalog\": { window: 8 }\n").forRoute("api->catalog"));
    }

    @Test
    void shouldRefuseAThresholdOutOfItsBoundsNamingItsLine()
    {
        assertRefused("breakers:\n  default:\n    failureRatePercent: 0\n",
            "rtt.yaml:3: failureRatePercent must be a whole number from 1 to 100, got 0");
        assertRefused("breakers:\n  \"api->catalog\": { openMs: 0 }\n",
            "rtt.yaml:2: openMs must be a whole number from 1 to 86400000, got 0");
        assertRefused("breakers:\n  default: { window: 100001 }\n",
            "rtt.yaml:2: window must be a whole number from 1 to 10000, got 100001");
        assertRefused("breakers:\n  default:\n    slowCallMs: -1\n",
            "rtt.yaml:3: slowCallMs must be a whole number from 0 to 86400000, got -1");
    }

    @Test
    void shouldRefuseAFractionOrAWordForAWholeNumber()
    {
        assertRefused("breakers:\n  default:\n    failureRatePercent: 12.5\n",
            "rtt.yaml:3: failureRatePercent must be a whole number from 1 to 100, got 12.5");
        assertRefused("breakers:\n  default:\n    halfOpenCalls: three\n",
            "rtt.yaml:3: halfOpenCalls must be a whole number from 1 to 10000, got \"three\"");
    }

    @Test
    void shouldRefuseAMinimumOfCallsOverTheWindow()
    {
        assertRefused("breakers:\n  default:\n    window: 10\n    minCalls: 11\n",
            "rtt.yaml:4: breakers.default: minCalls (11) must not be more than window (10), the calls remembered");
    }

    @Test
    void shouldRefuseAnUnknownSettingRatherThanIgnoreIt()
    {
        assertRefused("breakers:\n  default:\n    failureRate: 20\n",
            "rtt.yaml:3: breakers.default: unknown setting failureRate; known: failureRatePercent, halfOpenCalls, " +
                "minCalls, openMs, slowCallMs, slowRatePercent, window");
    }

    @Test
    void shouldRefuseAKeyThatIsNeitherTheDefaultNorARoute()
    {
        assertRefused("breakers:\n  defaults: { window: 10 }\n",
            "rtt.yaml:2: breakers: \"defaults\" is neither default nor a route id (from->to)");
    }

    @Test
    void shouldRefuseASectionOrAnEntryThatIsNoMapping()
    {
        assertRefused("breakers: [1, 2]\n",
            "rtt.yaml:1: breakers must be a mapping of default and route ids to thresholds, got array");
        assertRefused("breakers:\n  \"api->catalog\": 20\n",
            "rtt.yaml:2: breakers.api->catalog must be a mapping of thresholds (failureRatePercent, halfOpenCalls, " +
                "minCalls, openMs, slowCallMs, slowRatePercent, window)");
    }
}
