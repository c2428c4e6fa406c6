package io.rtt.prompts;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template: its name, what it is for, its arguments, and a body with {@code {{argument}}} placeholders.
 *
 * @param name        snake_case name, as MCP clients list it.
 * @param title       a short human title.
 * @param description what the prompt asks for.
 * @param arguments   the arguments it takes.
 * @param body        the text, with {@code {{name}}} placeholders.
 */
public record PromptTemplate(String name, String title, String description, List<Argument> arguments, String body)
{
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_][a-z0-9_]*)\\s*}}");

    /**
     * An argument of a template.
     *
     * @param name        its name.
     * @param description what to pass.
     * @param required    whether it must be given.
     * @param fallback    the value used when an optional argument is not given.
     */
    public record Argument(String name, String description, boolean required, String fallback)
    {
        /**
         * Validates the argument.
         */
        public Argument
        {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(fallback, "fallback");
        }
    }

    /**
     * Validates the template.
     */
    public PromptTemplate
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(body, "body");
        arguments = List.copyOf(arguments);
    }

    /**
     * Fills the placeholders.
     *
     * @param values argument values by name; optional arguments not given take their fallback.
     * @return the rendered text.
     * @throws IllegalArgumentException if a required argument is missing or an unknown one is given.
     */
    public String render(final Map<String, String> values)
    {
        for (final String given : values.keySet())
        {
            if (arguments.stream().noneMatch(a -> a.name().equals(given)))
            {
                throw new IllegalArgumentException("prompt " + name + " has no argument '" + given + "'");
            }
        }
        final Matcher matcher = PLACEHOLDER.matcher(body);
        final StringBuilder out = new StringBuilder();
        while (matcher.find())
        {
            final Argument argument = arguments.stream().filter(a -> a.name().equals(matcher.group(1))).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                    "prompt " + name + " uses undeclared argument '" + matcher.group(1) + "'"));
            final String value = values.get(argument.name());
            if ((value == null || value.isBlank()) && argument.required())
            {
                throw new IllegalArgumentException(
                    "prompt " + name + " needs argument '" + argument.name() + "': " + argument.description());
            }
            matcher.appendReplacement(out,
                Matcher.quoteReplacement(value == null || value.isBlank() ? argument.fallback() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
