package io.rtt.tools;

import java.util.Map;
import java.util.TreeSet;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.RttException;

/**
 * Checks a call's arguments against the tool's input schema before the tool runs, so that every malformed call is
 * refused the same way, as an {@code isError} result with a next step: an unknown argument by name first, then
 * whatever else the schema rules out (a type, a bound, a missing argument).
 * <p>
 * The schema engine is loaded on the first check, not at server start.
 * <p>
 * Thread-safe: the validator is created once under a lock, then read through a volatile field.
 */
final class ToolInputs
{
    /** Prefixes of the schema engine's message that say nothing the refusal does not already say. */
    private static final String[] NOISE = {"Validation failed: ", "JSON schema validation errors: "};

    private volatile JsonSchemaValidator validator;

    /**
     * Checks arguments against a tool's input schema.
     *
     * @param tool      the tool's definition.
     * @param arguments the arguments as the client sent them.
     * @throws RttException {@code BAD_INPUT} naming the first unknown argument, or saying what the schema refuses.
     */
    @SuppressWarnings("unchecked")
    void check(final McpSchema.Tool tool, final Map<String, Object> arguments)
    {
        final Map<String, Object> schema = tool.inputSchema();
        final Object properties = schema.get("properties");
        final Map<String, Object> known = properties instanceof Map<?, ?> map ? (Map<String, Object>)map : Map.of();
        for (final String name : new TreeSet<>(arguments.keySet()))
        {
            if (!known.containsKey(name))
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "unknown argument '" + name + "'; known: " +
                    new TreeSet<>(known.keySet()));
            }
        }
        final JsonSchemaValidator.ValidationResponse response = validator().validate(schema, arguments);
        if (!response.valid())
        {
            String message = response.errorMessage();
            for (final String noise : NOISE)
            {
                message = message.startsWith(noise) ? message.substring(noise.length()) : message;
            }
            throw new RttException(RttException.Kind.BAD_INPUT,
                "the arguments do not match the input schema of " + tool.name() + ": " + message);
        }
    }

    private JsonSchemaValidator validator()
    {
        JsonSchemaValidator current = validator;
        if (current == null)
        {
            synchronized (this)
            {
                current = validator;
                if (current == null)
                {
                    current = McpJsonDefaults.getSchemaValidator();
                    validator = current;
                }
            }
        }
        return current;
    }
}
