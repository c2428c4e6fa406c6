package io.rtt.engine.scan.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;

/**
 * Environment variables as endpoints (secrets masked), and the {@code KEY=value} files that hold them.
 */
final class EnvVariables
{
    private EnvVariables()
    {
    }

    /**
     * An environment variable as an endpoint whose value and evidence carry no secret.
     *
     * @param name  the variable's name.
     * @param value its value.
     * @param file  workspace-relative file that sets it.
     * @param line  1-based line.
     * @return the endpoint.
     */
    static Endpoint endpoint(final String name, final String value, final String file, final int line)
    {
        final String shown = Addresses.redact(name, value);
        return new Endpoint(Endpoint.Kind.ENV, name, shown, new Evidence(file, line, name + "=" + shown));
    }

    /**
     * An environment variable as an endpoint whose value came from elsewhere than the line that gives it to the
     * component, e.g. a compose pass-through filled from {@code .env}: the evidence says where, after the value.
     *
     * @param name   the variable's name.
     * @param value  its value.
     * @param file   workspace-relative file that gives the variable to the component.
     * @param line   1-based line there.
     * @param origin where the value was set, e.g. {@code passed through from .env:12}.
     * @return the endpoint.
     */
    static Endpoint endpoint(final String name, final String value, final String file, final int line,
        final String origin)
    {
        final String shown = Addresses.redact(name, value);
        return new Endpoint(Endpoint.Kind.ENV, name, shown,
            new Evidence(file, line, name + "=" + shown + " (" + origin + ")"));
    }

    /**
     * One assignment of a {@code KEY=value} file.
     *
     * @param name    the key.
     * @param value   the value, unquoted.
     * @param line    1-based line.
     * @param literal whether the value was single-quoted: compose takes it as written, without {@code ${...}}
     *                expansion.
     */
    record Assignment(String name, String value, int line, boolean literal)
    {
    }

    /**
     * Parses a dotenv file: {@code KEY=value} lines, optional {@code export}, quotes, comments.
     *
     * @param lines the file's lines.
     * @return assignments in file order.
     */
    static List<Assignment> parse(final List<String> lines)
    {
        final Map<String, Assignment> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).trim();
            final int equals = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || equals <= 0)
            {
                continue;
            }
            String value = line.substring(equals + 1).trim();
            final boolean literal = value.length() >= 2 && value.startsWith("'") && value.endsWith("'");
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || literal))
            {
                value = value.substring(1, value.length() - 1);
            }
            else
            {
                final int comment = value.indexOf(" #");
                value = comment >= 0 ? value.substring(0, comment).trim() : value;
            }
            final String name = line.substring(0, equals).trim().replaceFirst("^export\\s+", "");
            values.put(name, new Assignment(name, value, i + 1, literal));
        }
        return List.copyOf(values.values());
    }

    /**
     * Reads a dotenv file if it exists.
     *
     * @param file the file.
     * @return its assignments, or none if it is absent or unreadable.
     */
    static List<Assignment> read(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            return List.of();
        }
        try
        {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        catch (final IOException | RuntimeException ex)
        {
            return List.of(); // unreadable or not UTF-8: the variables fall back to their defaults
        }
    }
}
