package io.rtt.engine.scan.internal;

import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A parsed JSON or YAML document with the line of every value, keyed by JSON Pointer ({@code /dependencies/pg}).
 *
 * @param tree  the document.
 * @param lines 1-based line of each value's token.
 */
public record LocatedTree(JsonNode tree, Map<String, Integer> lines)
{
    /**
     * Thrown when a document does not parse; carries the line the parser stopped at.
     */
    public static final class ParseFailure extends Exception
    {
        private final int line;

        ParseFailure(final String message, final int line, final Throwable cause)
        {
            super(message, cause);
            this.line = line;
        }

        /**
         * Where the parser stopped.
         *
         * @return 1-based line, or 0 if unknown.
         */
        public int line()
        {
            return line;
        }
    }

    /**
     * Parses a document, recording where each value starts.
     *
     * @param mapper the mapper of the document's format (JSON or YAML).
     * @param bytes  the document.
     * @return the tree with its lines.
     * @throws ParseFailure if the document is malformed.
     */
    public static LocatedTree parse(final ObjectMapper mapper, final byte[] bytes) throws ParseFailure
    {
        try
        {
            final JsonNode tree = mapper.readTree(bytes);
            final Map<String, Integer> lines = new HashMap<>();
            try (JsonParser parser = mapper.createParser(bytes))
            {
                JsonToken token;
                while ((token = parser.nextToken()) != null)
                {
                    if (token != JsonToken.PROPERTY_NAME && !token.isStructEnd())
                    {
                        // A struct start has already entered its own context: its path is its parent's.
                        final TokenStreamContext context = token.isStructStart() ?
                            parser.streamReadContext().getParent() : parser.streamReadContext();
                        lines.putIfAbsent(context.pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
                    }
                }
            }
            return new LocatedTree(tree == null ? mapper.missingNode() : tree, lines);
        }
        catch (final JacksonException ex)
        {
            final int line = ex.getLocation() == null ? 0 : Math.max(0, ex.getLocation().getLineNr());
            throw new ParseFailure(ex.getOriginalMessage(), line, ex);
        }
    }

    /**
     * The line of the value at a pointer.
     *
     * @param pointer JSON Pointer of the value, with {@code ~1} for {@code /} in names.
     * @return 1-based line, or 0 if unknown.
     */
    public int line(final String pointer)
    {
        return lines.getOrDefault(pointer, 0);
    }

    /**
     * Escapes a property name for use in a JSON Pointer (RFC 6901).
     *
     * @param name the property name.
     * @return the escaped segment.
     */
    public static String segment(final String name)
    {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
