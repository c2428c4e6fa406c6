package io.rtt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.rtt.engine.json.Json;
import io.rtt.server.mcp.CallIntake;
import io.rtt.tools.Cancellation;
import org.junit.jupiter.api.Test;

/**
 * The intake's bookkeeping of calls in flight: a cancellation reaches the call of the same id in the same session
 * only, and a call that ended is forgotten.
 */
class CallIntakeTest
{
    private final CallIntake intake = new CallIntake(List.of("rtt_scan"));

    @Test
    void shouldCancelTheCallOfTheSameIdInTheSameSessionOnly()
    {
        final Cancellation numbered = call("a", "7");
        final Cancellation named = call("a", "\"7\"");
        final Cancellation elsewhere = call("b", "7");

        assertEquals(CallIntake.Route.CONSUMED, cancel("a", "7").route());

        assertTrue(numbered.cancelled());
        assertFalse(named.cancelled(), "the string \"7\" is another id than the number 7");
        assertFalse(elsewhere.cancelled(), "ids are per session");
        assertEquals(3, intake.inflight());
    }

    @Test
    void shouldForgetCallThatEndedSoALateCancellationReachesNothing()
    {
        final Cancellation ended = call("a", "7");
        ended.done();

        final CallIntake.Verdict late = cancel("a", "7");

        assertEquals(0, intake.inflight());
        assertEquals(CallIntake.Route.CONSUMED, late.route());
        assertFalse(ended.cancelled());
    }

    @Test
    void shouldPassOtherMessagesOnWithoutCancellation()
    {
        final CallIntake.Verdict ping = intake.accept("a",
            Json.MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));

        assertEquals(CallIntake.Route.DISPATCH, ping.route());
        assertNull(ping.cancellation());
        assertEquals(0, intake.inflight());
    }

    private Cancellation call(final String session, final String id)
    {
        final CallIntake.Verdict verdict = intake.accept(session, Json.MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"id\":" +
            id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"rtt_scan\",\"arguments\":{}}}"));
        assertEquals(CallIntake.Route.DISPATCH, verdict.route());
        return verdict.cancellation();
    }

    private CallIntake.Verdict cancel(final String session, final String id)
    {
        return intake.accept(session, Json.MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"," +
            "\"params\":{\"requestId\":" + id + "}}"));
    }
}
