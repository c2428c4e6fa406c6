package io.rtt.tools;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import org.jspecify.annotations.Nullable;
import io.rtt.engine.json.CanonicalJson;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.scan.ScanResult;
import tools.jackson.databind.node.ObjectNode;

/**
 * One invocation of a tool: the engine it runs against, its arguments, where to report progress and log lines, and
 * whether the client cancelled it.
 *
 * @param engine       the engine of the served workspace.
 * @param arguments    the arguments as the client sent them.
 * @param progress     where to report progress.
 * @param log          where to write log lines for the client.
 * @param cancellation set when the client cancels the call.
 */
public record ToolCall(Engine engine, Map<String, Object> arguments, Progress progress, ToolLog log,
    Cancellation cancellation)
{
    /** The arguments every paged tool takes: where to start and how large a page may be. */
    public static final Set<String> PAGE_ARGUMENTS = Set.of("cursor", "maxChars");

    /**
     * Validates the call and freezes its arguments.
     */
    public ToolCall
    {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(cancellation, "cancellation");
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }

    /**
     * A call outside any transport: no log, never cancelled.
     *
     * @param engine    the engine of the served workspace.
     * @param arguments the arguments.
     * @param progress  where to report progress.
     */
    public ToolCall(final Engine engine, final Map<String, Object> arguments, final Progress progress)
    {
        this(engine, arguments, progress, ToolLog.NONE, Cancellation.none());
    }

    /**
     * Scans the workspace for this call: progress goes to the client, and the client's cancellation stops the walk.
     * Tools whose engine operation scans first (doctor, plan) call this before it, so the slow part of their work
     * reports progress and can be cancelled, and the operation then finds the scan fresh.
     *
     * @param path    directory to scan, relative to the root; {@code null} for the whole workspace.
     * @param refresh whether to re-parse every manifest even if the tree is unchanged.
     * @return the scan's outcome.
     * @throws java.util.concurrent.CancellationException if the client cancelled the call.
     * @throws RttException as {@link Engine#scan}.
     */
    public ScanResult scan(final String path, final boolean refresh)
    {
        return engine.scan(path, refresh, new ScanProgress(progress, cancellation));
    }

    /**
     * The tool's result: one page of its output under the size budget the call asked for ({@code maxChars},
     * default {@value PageRequest#DEFAULT_MAX_CHARS} characters), from its {@code cursor}, with at most
     * {@code limit} elements of each top-level list.
     *
     * @param output the whole output: a record or map that serialises to a JSON object.
     * @param digest what the output pages, to bind cursors to (the same data gives the same digest), or
     *               {@code null} to bind them to the output itself.
     * @return the result, as structured content and the same JSON as text.
     * @throws RttException {@code BAD_INPUT} for a malformed or stale cursor or a budget out of bounds.
     */
    public McpSchema.CallToolResult result(final Object output, final String digest)
    {
        final ObjectNode whole = (ObjectNode)Json.tree(output);
        final String bound = digest != null ? digest :
            Digests.sha256(CanonicalJson.string(whole).getBytes(StandardCharsets.UTF_8));
        final PageRequest request = new PageRequest(string("cursor"),
            integer("maxChars", PageRequest.DEFAULT_MAX_CHARS, PageRequest.MIN_MAX_CHARS, PageRequest.MAX_MAX_CHARS),
            integer("limit", Integer.MAX_VALUE, 1, PageRequest.MAX_LIMIT));
        return ToolJson.success(ToolJson.toMap(PageWriter.page(whole, bound, request)));
    }

    /**
     * Refuses arguments the tool does not define, so a typo is not silently ignored.
     *
     * @param known the argument names the tool defines.
     * @throws RttException {@code BAD_INPUT} naming the first unknown argument.
     */
    public void requireOnly(final Set<String> known)
    {
        for (final String name : arguments.keySet())
        {
            if (!known.contains(name))
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "unknown argument '" + name + "'; known: " +
                    known.stream().sorted().toList());
            }
        }
    }

    /**
     * An optional string argument.
     *
     * @param name the argument's name.
     * @return its value, or {@code null} if absent.
     * @throws RttException {@code BAD_INPUT} if present but not a string.
     */
    public @Nullable String string(final String name)
    {
        final Object value = arguments.get(name);
        if (value == null || value instanceof String)
        {
            return (String)value;
        }
        throw new RttException(RttException.Kind.BAD_INPUT, "argument '" + name + "' must be a string");
    }

    /**
     * An optional integer argument within bounds.
     *
     * @param name     the argument's name.
     * @param fallback the value when absent.
     * @param min      smallest value allowed.
     * @param max      largest value allowed.
     * @return its value.
     * @throws RttException {@code BAD_INPUT} if present but not an integer within bounds.
     */
    public int integer(final String name, final int fallback, final int min, final int max)
    {
        final Object value = arguments.get(name);
        if (value == null)
        {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) &&
            n.doubleValue() >= min && n.doubleValue() <= max)
        {
            return n.intValue();
        }
        throw new RttException(RttException.Kind.BAD_INPUT,
            "argument '" + name + "' must be an integer from " + min + " to " + max + ", got " + value);
    }

    /**
     * An optional number argument strictly between bounds.
     *
     * @param name     the argument's name.
     * @param fallback the value when absent.
     * @param above    the value must be above this.
     * @param below    the value must be below this.
     * @return its value.
     * @throws RttException {@code BAD_INPUT} if present but not a number strictly between the bounds.
     */
    public double number(final String name, final double fallback, final double above, final double below)
    {
        final Object value = arguments.get(name);
        if (value == null)
        {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() > above && n.doubleValue() < below)
        {
            return n.doubleValue();
        }
        throw new RttException(RttException.Kind.BAD_INPUT,
            "argument '" + name + "' must be a number above " + above + " and below " + below + ", got " + value);
    }

    /**
     * An optional object argument, as a call of its own over the object's members: its accessors check them.
     *
     * @param name  the argument's name.
     * @param known the members the object may have.
     * @return the object as a call, or {@code null} if absent.
     * @throws RttException {@code BAD_INPUT} if present but not an object, or with a member not known.
     */
    public @Nullable ToolCall object(final String name, final Set<String> known)
    {
        final Object value = arguments.get(name);
        if (value == null)
        {
            return null;
        }
        if (!(value instanceof Map<?, ?> members) || !members.keySet().stream().allMatch(String.class::isInstance))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "argument '" + name + "' must be an object");
        }
        @SuppressWarnings("unchecked")
        final ToolCall nested = new ToolCall(engine, (Map<String, Object>)members, progress, log, cancellation);
        try
        {
            nested.requireOnly(known);
        }
        catch (final RttException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "argument '" + name + "': " + ex.getMessage());
        }
        return nested;
    }

    /**
     * An optional boolean argument.
     *
     * @param name     the argument's name.
     * @param fallback the value when absent.
     * @return its value.
     * @throws RttException {@code BAD_INPUT} if present but not a boolean.
     */
    public boolean bool(final String name, final boolean fallback)
    {
        final Object value = arguments.get(name);
        if (value == null)
        {
            return fallback;
        }
        if (value instanceof Boolean b)
        {
            return b;
        }
        throw new RttException(RttException.Kind.BAD_INPUT, "argument '" + name + "' must be a boolean");
    }
}
