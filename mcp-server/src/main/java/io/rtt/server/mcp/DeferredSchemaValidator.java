package io.rtt.server.mcp;

import java.util.Map;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * The SDK's JSON Schema validator, created on first use instead of at server start: a client's
 * {@code initialize} and {@code tools/list} do not wait for a schema engine they do not need. Structured results
 * are still validated by the real engine on every call (tool inputs by the toolpack, whose refusal says what to do
 * next).
 * <p>
 * Thread-safe: the delegate is created once under a lock, then read through a volatile field.
 */
final class DeferredSchemaValidator implements JsonSchemaValidator
{
    private volatile JsonSchemaValidator delegate;

    @Override
    public ValidationResponse validate(final Map<String, Object> schema, final Object structuredContent)
    {
        return delegate().validate(schema, structuredContent);
    }

    /**
     * Answers valid without loading the schema engine: the server calls this at build time for the toolpack's own
     * bundled schemas, and the build vets every one of them with the real engine ({@code ToolpackTest}).
     */
    @Override
    public ValidationResponse validateSchema(final Map<String, Object> schema)
    {
        return ValidationResponse.asValid(null);
    }

    private JsonSchemaValidator delegate()
    {
        JsonSchemaValidator validator = delegate;
        if (validator == null)
        {
            synchronized (this)
            {
                validator = delegate;
                if (validator == null)
                {
                    validator = McpJsonDefaults.getSchemaValidator();
                    delegate = validator;
                }
            }
        }
        return validator;
    }
}
