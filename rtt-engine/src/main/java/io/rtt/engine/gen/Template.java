package io.rtt.engine.gen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text resource with {@code @@name@@} placeholders, which no language RTT generates uses for anything else.
 */
final class Template
{
    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Za-z]+)@@");

    private Template()
    {
    }

    /**
     * Reads a resource of this package.
     *
     * @param name the resource's path relative to this package, e.g. {@code python/client.py.tmpl}.
     * @return its text.
     * @throws IllegalStateException when the resource is missing: the jar is broken.
     */
    static String resource(final String name)
    {
        try (InputStream in = Template.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("resource missing from RTT's jar: io/rtt/engine/gen/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Fills a template.
     *
     * @param template the text with placeholders.
     * @param values   each placeholder's text.
     * @return the filled text.
     * @throws IllegalStateException for a placeholder without a value: a bug in the renderer.
     */
    static String fill(final String template, final Map<String, String> values)
    {
        final Matcher matcher = PLACEHOLDER.matcher(template);
        final StringBuilder out = new StringBuilder(template.length() + 1024);
        while (matcher.find())
        {
            final String value = values.get(matcher.group(1));
            if (value == null)
            {
                throw new IllegalStateException("template placeholder without a value: " + matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
