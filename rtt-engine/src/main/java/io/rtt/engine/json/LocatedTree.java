package io.rtt.engine.json;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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

        /**
         * Creates a failure.
         *
         * @param message what is wrong.
         * @param line    where, 1-based, or 0.
         * @param cause   the parser's exception, or {@code null}.
         */
        public ParseFailure(final String message, final int line, final @Nullable Throwable cause)
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
        // One pass: build the tree from the token stream, noting where each value starts.
        final Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = mapper.createParser(bytes))
        {
            final JsonToken first = parser.nextToken();
            if (first == null)
            {
                return new LocatedTree(mapper.missingNode(), lines);
            }
            final JsonNode tree = read(parser, first, mapper.getNodeFactory(), "", lines);
            if (parser.nextToken() != null)
            {
                throw new ParseFailure("trailing content after the document",
                    parser.currentTokenLocation().getLineNr(), null);
            }
            return new LocatedTree(tree, lines);
        }
        catch (final JacksonException ex)
        {
            final int line = ex.getLocation() == null ? 0 : Math.max(0, ex.getLocation().getLineNr());
            throw new ParseFailure(ex.getOriginalMessage(), line, ex);
        }
    }

    private static JsonNode read(
        final JsonParser parser,
        final JsonToken token,
        final JsonNodeFactory nodes,
        final String pointer,
        final Map<String, Integer> lines)
    {
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
        switch (token)
        {
            case START_OBJECT ->
            {
                final ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME)
                {
                    final String name = parser.currentName();
                    final JsonToken value = parser.nextToken();
                    object.set(name, read(parser, value, nodes, pointer + "/" + segment(name), lines));
                }
                return object;
            }
            case START_ARRAY ->
            {
                final ArrayNode array = nodes.arrayNode();
                JsonToken value;
                while ((value = parser.nextToken()) != JsonToken.END_ARRAY)
                {
                    array.add(read(parser, value, nodes, pointer + "/" + array.size(), lines));
                }
                return array;
            }
            case VALUE_STRING ->
            {
                return nodes.stringNode(parser.getString());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
            {
                final Number number = parser.getNumberValue();
                return number instanceof java.math.BigDecimal d ? nodes.numberNode(d) :
                    number instanceof java.math.BigInteger b ? nodes.numberNode(b) :
                    number instanceof Double d ? nodes.numberNode(d) :
                    number instanceof Float f ? nodes.numberNode(f) : nodes.numberNode(number.longValue());
            }
            case VALUE_TRUE, VALUE_FALSE ->
            {
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL ->
            {
                return nodes.nullNode();
            }
            default ->
            {
                // YAML's embedded values (binary, timestamps) are kept as their text
                return nodes.stringNode(parser.getString());
            }
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
