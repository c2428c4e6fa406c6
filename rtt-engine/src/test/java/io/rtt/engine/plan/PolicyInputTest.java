package io.rtt.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.model.Qos;
import io.rtt.engine.model.Slo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy input means what it says: YAML anchors, aliases and merge keys are resolved as YAML defines them, and every
 * number is checked against its real bounds with its line, at plan time.
 */
class PolicyInputTest
{
    @TempDir
    Path dir;

    private PlanPolicy load(final String yaml) throws IOException
    {
        Files.writeString(dir.resolve("rtt.yaml"), yaml);
        return PlanPolicy.load(Workspace.open(dir));
    }

    private void assertRefused(final String yaml, final String message)
    {
        final RttException ex = assertThrows(RttException.class, () -> load(yaml));
        assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
        assertEquals(message, ex.getMessage());
    }

    @Test
    void shouldResolveAnAliasToItsAnchoredValue() throws IOException
    {
        final PlanPolicy policy = load("""
            defaults:
              untrusted: &untrusted { trusted: false, priority: 4 }
            components:
              worker: *untrusted
            """);

        assertEquals(Set.of("worker"), policy.untrusted());
        assertEquals(4, policy.route("api->worker").qos().priority());
    }

    @Test
    void shouldMergeKeysWhereTheMappingDoesNotSetThem() throws IOException
    {
        final PlanPolicy policy = load("""
            base: &base { priority: 2, maxMessageBytes: 4096, trusted: false }
            components:
              db:
                <<: *base
                priority: 9
            """);

        assertEquals(new Qos(0, 9, 0, 4096), policy.route("api->db").qos());
        assertEquals(Set.of("db"), policy.untrusted());
    }

    @Test
    void shouldRefuseAnAliasWithNoAnchorNamingItsLine()
    {
        assertRefused("components:\n  worker: *nowhere\n",
            "rtt.yaml:2: alias *nowhere names no anchor defined before it");
    }

    @Test
    void shouldRefuseADocumentOfNestedAliasesThatExpandsWithoutBound()
    {
        final StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++)
        {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++)
            {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        final RttException ex = assertThrows(RttException.class, () -> load(yaml.toString()));
        assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
        assertEquals("rtt.yaml:6: the document expands to more than 1000000 values (aliases included); it is refused",
            ex.getMessage());
    }

    @Test
    void shouldRefuseAMessageSizeBeyondAFrameInsteadOfWrappingIt()
    {
        assertRefused("components:\n  db:\n    maxMessageBytes: 4294967297\n",
            "rtt.yaml:3: maxMessageBytes must be a whole number from 1 to 16777184, got 4294967297");
    }

    @Test
    void shouldRefuseARingSizeTheLaneCannotHaveAtPlanTime()
    {
        assertRefused("lanes:\n  ringBytes: 1000\n",
            "rtt.yaml:2: ringBytes must be a whole number from 4096 to 67108864, got 1000");
        assertRefused("lanes:\n  ringBytes: 5000\n",
            "rtt.yaml:2: lanes.ringBytes must be a power of two (a ring's capacity), got 5000");
    }

    @Test
    void shouldRefuseANumberTooLargeForItsFieldNamingItsLine()
    {
        assertRefused("routes:\n  \"api->db\":\n    rate: 12345678901234567890123456789\n",
            "rtt.yaml:3: rate must be a whole number from 0 to 1000000000, got 12345678901234567890123456789");
    }

    @Test
    void shouldReadAMinimumThroughputObjectiveAndLeaveItAbsentWhenUnset() throws IOException
    {
        final PlanPolicy policy = load("""
            slos:
              "api->db": { p99Ms: 5, minRps: 50 }
              "api->cache": { p99Ms: 5 }
              "api->queue": { p99Ms: 5, minRps: 0 }
            """);

        assertEquals(new Slo(0, 0, 5, 0, 50L), policy.slo("api->db"));
        assertEquals(50, policy.slo("api->db").minThroughput());
        assertEquals(new Slo(0, 0, 5, 0, null), policy.slo("api->cache"));
        assertEquals(policy.slo("api->cache"), policy.slo("api->queue"));
    }

    @Test
    void shouldRefuseAMinimumThroughputThatIsNotAWholeRateNamingItsLine()
    {
        assertRefused("slos:\n  \"api->db\":\n    p99Ms: 5\n    minRps: -1\n",
            "rtt.yaml:4: minRps must be a whole number from 0 to 1000000000, got -1");
        assertRefused("slos:\n  \"api->db\":\n    minRps: 2.5\n",
            "rtt.yaml:3: minRps must be a whole number from 0 to 1000000000, got 2.5");
    }
}
