package io.rtt.engine.gen;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.rtt.engine.RttException;
import org.jspecify.annotations.Nullable;

/**
 * The languages a connector is generated in, each on its RTT client library.
 */
public enum ConnectorLanguage
{
    /** Java, on {@code io.rtt.engine.fabric.RouteClient} (shm or uds). */
    JAVA("java"),
    /** Python 3, on {@code clients/python/rtt_client.py} (uds). */
    PYTHON("python"),
    /** Node.js ES modules, on {@code clients/node/rtt-client.mjs} (uds); for JavaScript and TypeScript components. */
    NODE("node"),
    /** Go 1.19 or later, on {@code clients/go} (uds). */
    GO("go");

    private final String label;

    ConnectorLanguage(final String label)
    {
        this.label = label;
    }

    /**
     * The name {@code --lang} takes and reports show.
     *
     * @return e.g. {@code node}.
     */
    public String label()
    {
        return label;
    }

    /**
     * The connector language for a component's language, as the scan names it.
     *
     * @param language the component's language ({@code java}, {@code python}, {@code javascript},
     *                 {@code typescript}, {@code go}...), or null for an image-only component.
     * @return the connector language, or null when RTT generates none for it.
     */
    public static @Nullable ConnectorLanguage ofComponent(final @Nullable String language)
    {
        if (language == null)
        {
            return null;
        }
        return switch (language.toLowerCase(Locale.ROOT))
        {
            case "java" -> JAVA;
            case "python" -> PYTHON;
            case "javascript", "typescript", "node" -> NODE;
            case "go" -> GO;
            default -> null;
        };
    }

    /**
     * The language a user or an agent names.
     *
     * @param name {@code java}, {@code python}, {@code node} (or {@code javascript}, {@code typescript}) or
     *             {@code go}.
     * @return the language.
     * @throws RttException {@code BAD_INPUT} for any other name, listing those there are.
     */
    public static ConnectorLanguage parse(final String name)
    {
        final ConnectorLanguage language = ofComponent(name);
        if (language == null)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "no connector language '" + name + "'; the " +
                "languages are " + Arrays.stream(values()).map(ConnectorLanguage::label)
                .collect(Collectors.joining(", ")));
        }
        return language;
    }
}
