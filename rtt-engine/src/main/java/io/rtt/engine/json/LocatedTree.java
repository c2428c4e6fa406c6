package io.rtt.engine.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import tools.jackson.dataformat.yaml.YAMLParser;

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
            final JsonNode tree = new Reader(parser, mapper.getNodeFactory(), lines).read(first, "");
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

    /**
     * Builds the tree from the token stream. YAML anchors, aliases and {@code <<} merge keys are resolved as YAML
     * defines them (an alias stands for a copy of its anchored value; a merged mapping's keys apply where the mapping
     * does not set them), never passed through as text; an unknown alias is an error with its line, and the values
     * aliases expand to are counted so a document of nested aliases cannot grow without bound.
     */
    private static final class Reader
    {
        /** Most values a document may expand to, aliases included ("billion laughs" stops here). */
        private static final int MAX_VALUES = 1_000_000;
        private static final String MERGE_KEY = "<<";

        private final JsonParser parser;
        private final JsonNodeFactory nodes;
        private final Map<String, Integer> lines;
        private final Map<String, JsonNode> anchors = new HashMap<>();
        private long values;

        Reader(final JsonParser parser, final JsonNodeFactory nodes, final Map<String, Integer> lines)
        {
            this.parser = parser;
            this.nodes = nodes;
            this.lines = lines;
        }

        JsonNode read(final JsonToken token, final String pointer) throws ParseFailure
        {
            final int line = parser.currentTokenLocation().getLineNr();
            lines.putIfAbsent(pointer, line);
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias())
            {
                final String name = parser.getString();
                final JsonNode anchored = anchors.get(name);
                if (anchored == null)
                {
                    throw new ParseFailure("alias *" + name + " names no anchor defined before it", line, null);
                }
                count(deepSize(anchored, MAX_VALUES - values + 1), line);
                return anchored.deepCopy();
            }
            final String anchor = parser instanceof YAMLParser yaml ? yaml.getObjectId() : null;
            count(1, line);
            final JsonNode node = value(token, pointer);
            if (anchor != null)
            {
                anchors.put(anchor, node);
            }
            return node;
        }

        private JsonNode value(final JsonToken token, final String pointer) throws ParseFailure
        {
            switch (token)
            {
                case START_OBJECT ->
                {
                    final ObjectNode object = nodes.objectNode();
                    final List<JsonNode> merged = new ArrayList<>();
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME)
                    {
                        final String name = parser.currentName();
                        final boolean merge = MERGE_KEY.equals(name) && parser instanceof YAMLParser;
                        final int line = parser.currentTokenLocation().getLineNr();
                        final JsonNode value = read(parser.nextToken(), pointer + "/" + segment(name));
                        if (merge)
                        {
                            for (final JsonNode mapping : mergedMappings(value, line))
                            {
                                merged.add(mapping);
                                mapping.propertyNames().forEach(key ->
                                    lines.putIfAbsent(pointer + "/" + segment(key), line));
                            }
                        }
                        else
                        {
                            object.set(name, value);
                        }
                    }
                    for (final JsonNode mapping : merged)
                    {
                        for (final Map.Entry<String, JsonNode> entry : mapping.properties())
                        {
                            if (!object.has(entry.getKey()))
                            {
                                object.set(entry.getKey(), entry.getValue().deepCopy());
                            }
                        }
                    }
                    return object;
                }
                case START_ARRAY ->
                {
                    final ArrayNode array = nodes.arrayNode();
                    JsonToken value;
                    while ((value = parser.nextToken()) != JsonToken.END_ARRAY)
                    {
                        array.add(read(value, pointer + "/" + array.size()));
                    }
                    return array;
                }
                default ->
                {
                    return scalar(parser, nodes, token);
                }
            }
        }

        /** A merge key's value: one mapping, or a sequence of mappings (earlier ones win). */
        private static List<JsonNode> mergedMappings(final JsonNode value, final int line) throws ParseFailure
        {
            final List<JsonNode> mappings = new ArrayList<>();
            if (value.isObject())
            {
                mappings.add(value);
            }
            else if (value.isArray())
            {
                for (final JsonNode element : value)
                {
                    if (!element.isObject())
                    {
                        throw new ParseFailure("a << merge key takes mappings only, got " + element.getNodeType(),
                            line, null);
                    }
                    mappings.add(element);
                }
            }
            else
            {
                throw new ParseFailure("a << merge key takes a mapping or a sequence of mappings, got " +
                    value.getNodeType(), line, null);
            }
            return mappings;
        }

        /** Values in a tree, counted up to {@code limit}. */
        private static long deepSize(final JsonNode node, final long limit)
        {
            long size = 1;
            for (final JsonNode child : node)
            {
                if (size >= limit)
                {
                    break;
                }
                size += deepSize(child, limit - size);
            }
            return size;
        }

        private void count(final long added, final int line) throws ParseFailure
        {
            values += added;
            if (values > MAX_VALUES)
            {
                throw new ParseFailure("the document expands to more than " + MAX_VALUES + " values (aliases " +
                    "included); it is refused", line, null);
            }
        }
    }

    /**
     * The current scalar token as a tree holds it, so a reader that streams past the tree reads the same text and
     * truth from it ({@link JsonNode#asString(String)}, {@link JsonNode#asBoolean(boolean)}).
     *
     * @param parser the parser, positioned on a scalar token.
     * @param nodes  the node factory of the document's mapper.
     * @param token  the current token, neither the start nor the end of an object or array.
     * @return the node.
     */
    public static JsonNode scalar(final JsonParser parser, final JsonNodeFactory nodes, final JsonToken token)
    {
        switch (token)
        {
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
