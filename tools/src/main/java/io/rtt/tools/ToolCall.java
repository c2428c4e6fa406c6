package io.rtt.tools;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import org.jspecify.annotations.Nullable;

/**
 * One invocation of a tool: the engine it runs against, its arguments, and where to report progress.
 *
 * @param engine    the engine of the served workspace.
 * @param arguments the arguments as the client sent them.
 * @param progress  where to report progress.
 */
public record ToolCall(Engine engine, Map<String, Object> arguments, Progress progress)
{
    /**
     * Validates the call and freezes its arguments.
     */
    public ToolCall
    {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(progress, "progress");
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
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
