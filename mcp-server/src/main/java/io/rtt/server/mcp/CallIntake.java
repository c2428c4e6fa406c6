package io.rtt.server.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.json.Json;
import io.rtt.tools.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every transport does with a JSON-RPC message before the SDK sees it, so that all of them behave alike:
 * <ul>
 * <li>a {@code tools/call} the SDK would answer badly is answered here with {@code -32602} in plain words and a next
 *     step: params that are no object, a tool name that is missing or unknown (the SDK's message leaves the name
 *     out), arguments that are no object (the SDK answers {@code -32603} with a Jackson exception);</li>
 * <li>a well-formed {@code tools/call} gets a {@link Cancellation}, which the transport passes to the toolpack in
 *     the request's transport context ({@link #context(Cancellation)});</li>
 * <li>{@code notifications/cancelled} (which the SDK has no handler for) cancels the call it names, in the same
 *     session; the call then stops its work and answers nothing (MCP 2025-06-18, "Cancellation"). A cancellation for
 *     a call that already ended, or never existed, is ignored, as the specification allows.</li>
 * </ul>
 * <p>
 * Thread-safe: calls in flight are kept in a concurrent map, keyed by session and request id.
 */
public final class CallIntake
{
    /** Where an incoming message goes next. */
    public enum Route
    {
        /** Hand the message to the SDK. */
        DISPATCH,
        /** Send {@link Verdict#reply()} instead: the message is malformed. */
        REPLY,
        /** Nothing more to do: the message was a cancellation, now acted on. */
        CONSUMED
    }

    /**
     * What to do with one incoming message.
     *
     * @param route        where it goes next.
     * @param reply        the JSON-RPC error response to send, for {@link Route#REPLY}; else {@code null}.
     * @param cancellation the cancellation of a {@code tools/call} to dispatch; else {@code null}.
     */
    public record Verdict(Route route, ObjectNode reply, Cancellation cancellation)
    {
    }

    /** The cancellation notification's method (the SDK names no constant for it). */
    public static final String METHOD_NOTIFICATION_CANCELLED = "notifications/cancelled";

    private static final Logger LOG = LoggerFactory.getLogger(CallIntake.class);
    private static final Verdict DISPATCH = new Verdict(Route.DISPATCH, null, null);
    private static final Verdict CONSUMED = new Verdict(Route.CONSUMED, null, null);

    private final List<String> tools;
    private final Map<String, Cancellation> inflight = new ConcurrentHashMap<>();

    /**
     * Creates the intake of a server.
     *
     * @param tools the names of the tools the server offers, in the order it lists them.
     */
    public CallIntake(final List<String> tools)
    {
        this.tools = List.copyOf(tools);
    }

    /**
     * Decides what happens to an incoming message.
     *
     * @param session the session the message arrived on; request ids are unique only within a session.
     * @param message the message, already known to be a JSON object.
     * @return the verdict.
     */
    public Verdict accept(final String session, final JsonNode message)
    {
        final String method = message.path("method").asString("");
        if (METHOD_NOTIFICATION_CANCELLED.equals(method) && !message.has("id"))
        {
            final JsonNode requestId = message.path("params").path("requestId");
            final Cancellation cancellation = inflight.get(key(session, requestId));
            LOG.debug("client cancelled request {}{}", requestId, cancellation == null ? " (not in flight)" : "");
            if (cancellation != null)
            {
                cancellation.cancel();
            }
            return CONSUMED;
        }
        if (!McpSchema.METHOD_TOOLS_CALL.equals(method) || !message.has("id"))
        {
            return DISPATCH;
        }
        final JsonNode id = message.get("id");
        final JsonNode params = message.path("params");
        if (!params.isObject())
        {
            return reply(id, "tools/call needs params, an object with the tool's name and its arguments" +
                "\nNext: send {\"name\": \"rtt_scan\", \"arguments\": {}}; tools/list names the tools.");
        }
        final JsonNode name = params.path("name");
        if (!name.isString())
        {
            return reply(id, "tools/call needs the tool's name, a string, in params.name" +
                "\nNext: name one of " + String.join(", ", tools) + " (tools/list describes each).");
        }
        if (!tools.contains(name.asString()))
        {
            return reply(id, "unknown tool '" + name.asString() + "'; the tools are " + String.join(", ", tools) +
                "\nNext: call one of them (tools/list describes each).");
        }
        final JsonNode arguments = params.path("arguments");
        if (!arguments.isMissingNode() && !arguments.isNull() && !arguments.isObject())
        {
            return reply(id, "the arguments of " + name.asString() + " must be a JSON object, not " +
                kind(arguments) + "\nNext: send arguments as an object of named values, e.g. {\"path\": \"api\"}, " +
                "or leave them out; the tool's input schema names them.");
        }
        final String key = key(session, id);
        final Cancellation cancellation = new Cancellation(() -> inflight.remove(key));
        inflight.put(key, cancellation);
        return new Verdict(Route.DISPATCH, null, cancellation);
    }

    /**
     * The transport context that carries a call's cancellation to the toolpack.
     *
     * @param cancellation the call's cancellation, or {@code null} for a message that is no tool call.
     * @return the context.
     */
    public static McpTransportContext context(final Cancellation cancellation)
    {
        return cancellation == null ? McpTransportContext.EMPTY :
            McpTransportContext.create(Map.of(Cancellation.CONTEXT_KEY, cancellation));
    }

    /**
     * Calls in flight that a cancellation could still reach.
     *
     * @return how many there are.
     */
    public int inflight()
    {
        return inflight.size();
    }

    /** The id's JSON text tells the string "7" from the number 7, as JSON-RPC does. */
    private static String key(final String session, final JsonNode id)
    {
        return session + '\n' + id;
    }

    private static String kind(final JsonNode value)
    {
        if (value.isString())
        {
            return "a string";
        }
        if (value.isArray())
        {
            return "an array";
        }
        return value.isNumber() ? "a number" : "a boolean";
    }

    private static Verdict reply(final JsonNode id, final String message)
    {
        final ObjectNode reply = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", id);
        reply.putObject("error").put("code", McpSchema.ErrorCodes.INVALID_PARAMS).put("message", message);
        return new Verdict(Route.REPLY, reply, null);
    }
}
