package io.rtt.engine.gen;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One file a renderer made, before it is written: its name in the component's connector directory and its text.
 *
 * @param name  the file name, e.g. {@code ledger_client.py}; a plain name, never a path.
 * @param text  its content.
 * @param route the route it is the client of, or null for a library file (the RTT client library, shared helpers).
 */
public record GeneratedFile(String name, String text, @Nullable String route)
{
    /**
     * Validates the file.
     */
    public GeneratedFile
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))
        {
            throw new IllegalArgumentException("a generated file's name is a plain file name: " + name);
        }
    }
}
