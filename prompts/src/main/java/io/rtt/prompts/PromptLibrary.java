package io.rtt.prompts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prompt templates bundled as resources under {@code io/rtt/prompts/}, listed in {@code prompts.list}.
 * <p>
 * A template file starts with a header of {@code key: value} lines between {@code ---} fences:
 * {@code name}, {@code title}, {@code description} and one {@code argument: name | description | required|optional
 * [| fallback]} line per argument. The body follows the header.
 * <p>
 * Immutable and thread-safe once loaded.
 */
public final class PromptLibrary
{
    private static final String BASE = "/io/rtt/prompts/";

    private final List<PromptTemplate> templates;

    private PromptLibrary(final List<PromptTemplate> templates)
    {
        this.templates = List.copyOf(templates);
    }

    /**
     * Loads the bundled templates.
     *
     * @return the library.
     * @throws IllegalStateException if a bundled template is malformed (a build defect).
     */
    public static PromptLibrary bundled()
    {
        final List<PromptTemplate> templates = new ArrayList<>();
        for (final String line : read("prompts.list").split("\n"))
        {
            final String file = line.trim();
            if (!file.isEmpty() && !file.startsWith("#"))
            {
                templates.add(parse(file, read(file)));
            }
        }
        return new PromptLibrary(templates);
    }

    /**
     * All templates, in the order of {@code prompts.list}.
     *
     * @return the templates.
     */
    public List<PromptTemplate> templates()
    {
        return templates;
    }

    /**
     * A template by name.
     *
     * @param name the template's name.
     * @return the template, or empty if there is none of that name.
     */
    public Optional<PromptTemplate> find(final String name)
    {
        return templates.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    static PromptTemplate parse(final String file, final String text)
    {
        final String normalized = text.replace("\r\n", "\n");
        if (!normalized.startsWith("---\n"))
        {
            throw new IllegalStateException(file + ": template must start with a --- header");
        }
        final int end = normalized.indexOf("\n---\n", 4);
        if (end < 0)
        {
            throw new IllegalStateException(file + ": header is not closed by ---");
        }
        final Map<String, String> header = new HashMap<>();
        final List<PromptTemplate.Argument> arguments = new ArrayList<>();
        for (final String line : normalized.substring(4, end).split("\n"))
        {
            final int colon = line.indexOf(':');
            if (colon <= 0)
            {
                throw new IllegalStateException(file + ": header line is not 'key: value': " + line);
            }
            final String key = line.substring(0, colon).trim();
            final String value = line.substring(colon + 1).trim();
            if ("argument".equals(key))
            {
                final String[] parts = value.split("\\s*\\|\\s*", -1);
                if (parts.length < 3)
                {
                    throw new IllegalStateException(file + ": argument needs name | description | required: " + line);
                }
                arguments.add(new PromptTemplate.Argument(parts[0], parts[1], "required".equals(parts[2]),
                    parts.length > 3 ? parts[3] : ""));
            }
            else
            {
                header.put(key, value);
            }
        }
        return new PromptTemplate(require(file, header, "name"), require(file, header, "title"),
            require(file, header, "description"), arguments, normalized.substring(end + 5).strip() + "\n");
    }

    private static String require(final String file, final Map<String, String> header, final String key)
    {
        final String value = header.get(key);
        if (value == null || value.isEmpty())
        {
            throw new IllegalStateException(file + ": header has no " + key);
        }
        return value;
    }

    private static String read(final String name)
    {
        try (InputStream in = PromptLibrary.class.getResourceAsStream(BASE + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing bundled prompt resource " + BASE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read bundled prompt resource " + BASE + name, ex);
        }
    }
}
