package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.plan.PlanFiles;
import io.rtt.engine.trust.Keyring;
import io.rtt.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop an agent runs through MCP alone, against the real jar over stdio: start the panel, apply, verify, apply a
 * change as a canary that the panel rejects and rolls back by itself, read the route's latency, verify again and read
 * the log that proves it. The one thing the agent cannot do is sign: the person's key does that, here through the
 * engine, as {@code rtt sign} would.
 */
@Timeout(300)
class AgentLoopMcpTest
{
    private static final String POLICY = """
        routes:
          "api->catalog": { lane: uds, rate: %d, backpressure: failFast }
        automation: { key: person, rollback: true }
        canary: { minSamples: 20, minLatencyShift: 5 }
        components:
          cache: { endpoint: "%s" }
        """;

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldStartApplyVerifySeeACanaryRolledBackByItselfAndReadTheLogThroughMcpAlone() throws Exception
    {
        final RedisServer redis = RedisServer.start(dir, null);
        final Path workspace = TestWorkspaces.shop(dir);
        Files.writeString(workspace.resolve("rtt.yaml"), POLICY.formatted(100_000, redis.socket()));
        final Engine person = Engine.open(workspace);
        Keyring.of(person.workspace()).init("person");
        final McpSyncClient agent = StdioMcpTest.stdio(workspace).build();
        agent.initialize();
        try
        {
            assertEquals(true, call(agent, "rtt_panel", Map.of("action", "start")).get("running"));
            final Map<String, Object> applied = call(agent, "rtt_apply", Map.of("plan", signedPlan(agent, person)));
            assertEquals(true, applied.get("committed"));
            assertEquals(true, ((Map<String, Object>)applied.get("verify")).get("passed"), applied.toString());

            // the person tightens the catalog's rate; the agent rolls it out as a canary with traffic of its own
            Files.writeString(workspace.resolve("rtt.yaml"), POLICY.formatted(10, redis.socket()));
            final Map<String, Object> canaried = call(agent, "rtt_apply", Map.of("plan", signedPlan(agent, person),
                "canary", Map.of("fraction", 0.5, "maxSeconds", 30, "traffic", 400)));
            final Map<String, Object> canary = (Map<String, Object>)canaried.get("canary");
            assertEquals("rolled_back", canary.get("state"), canary.toString());
            final Map<String, Object> route = ((List<Map<String, Object>>)canary.get("routes")).get(0);
            final Map<String, Object> verdict = (Map<String, Object>)route.get("verdict");
            assertEquals("REJECT", verdict.get("decision"));
            assertTrue(((Number)((Map<String, Object>)verdict.get("canary")).get("errorRate")).doubleValue() > 0.5,
                verdict.toString());

            final Map<String, Object> metrics = call(agent, "rtt_metrics", Map.of("route", "api->catalog"));
            final Map<String, Object> window = ((List<Map<String, Object>>)metrics.get("routes")).get(0);
            final Map<String, Object> latency = (Map<String, Object>)window.get("latency");
            assertTrue(((Number)latency.get("samples")).longValue() > 0, window.toString());
            assertTrue(((Number)latency.get("p99Us")).doubleValue() > 0, window.toString());

            final Map<String, Object> verified = call(agent, "rtt_verify", Map.of());
            assertEquals(true, verified.get("passed"), verified.toString());

            final List<Map<String, Object>> frames = (List<Map<String, Object>>)call(agent, "rtt_log", Map.of())
                .get("frames");
            final List<Object> kinds = frames.stream().map(f -> f.get("kind")).toList();
            assertEquals(List.of("apply", "verdict", "rollback"), kinds.subList(kinds.size() - 3, kinds.size()));
            final Map<String, Object> recorded = (Map<String, Object>)frames.get(frames.size() - 2).get("verdict");
            assertEquals("canary", recorded.get("subject"));
            assertTrue(recorded.get("findings").toString().contains("api->catalog: "), recorded.toString());
        }
        finally
        {
            call(agent, "rtt_panel", Map.of("action", "stop"));
            agent.closeGracefully();
            redis.close();
        }
    }

    /** The agent plans; the person signs what it planned. */
    private static String signedPlan(final McpSyncClient agent, final Engine person)
    {
        final String id = (String)call(agent, "rtt_plan", Map.of()).get("id");
        person.applier().sign(PlanFiles.read(person.plans().planFile(id)), null, 0, Duration.ofHours(1));
        return id;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(final McpSyncClient agent, final String tool,
        final Map<String, Object> arguments)
    {
        final McpSchema.CallToolResult result = agent.callTool(new McpSchema.CallToolRequest(tool, arguments));
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + ": " + result.content());
        return (Map<String, Object>)result.structuredContent();
    }
}
