package io.rtt.drivers.neo4j;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.neo4j.driver.Record;
import org.neo4j.driver.summary.SummaryCounters;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Point;
import org.neo4j.driver.types.Relationship;
import tools.jackson.core.JsonGenerator;

/**
 * Records as JSON arrays, each Cypher value mapped so that none loses what it says:
 * <ul>
 *     <li>{@code INTEGER}: a number; {@code FLOAT}: a number, or the strings {@code "NaN"}, {@code "Infinity"},
 *     {@code "-Infinity"}; {@code STRING}, {@code BOOLEAN}, {@code NULL}: themselves;</li>
 *     <li>{@code LIST}: an array; {@code MAP}: an object, its keys in order;</li>
 *     <li>a node: {@code {"id": elementId, "labels": [...], "properties": {...}}}, labels and properties in order;
 *     a relationship: {@code {"id", "type", "start", "end", "properties"}}, start and end the nodes' element ids;
 *     a path: {@code {"nodes": [...], "relationships": [...]}}, in the path's order;</li>
 *     <li>{@code DATE}, {@code LOCAL TIME}, {@code ZONED TIME}, {@code LOCAL DATETIME}: ISO-8601 strings;
 *     {@code ZONED DATETIME}: ISO-8601 with its offset, and its zone's name in brackets when it has one
 *     ({@code "2024-01-02T03:04:05+01:00[Europe/Paris]"}); {@code DURATION}: ISO-8601 in months, days and seconds
 *     ({@code "P14M3DT14706.500000000S"});</li>
 *     <li>{@code POINT}: {@code {"srid": ..., "x": ..., "y": ...}}, with {@code "z"} for a 3D point (x is the
 *     longitude, y the latitude of a geographic point);</li>
 *     <li>{@code BYTE ARRAY}: base64.</li>
 * </ul>
 * <p>
 * Stateless: a utility.
 */
final class RecordWriter
{
    private RecordWriter()
    {
    }

    /**
     * Writes the {@code "columns"} property.
     *
     * @param keys the result's columns.
     * @param json where the answer is written, inside an object.
     */
    static void columns(final List<String> keys, final JsonGenerator json)
    {
        json.writeName("columns");
        json.writeStartArray();
        for (final String key : keys)
        {
            json.writeString(key);
        }
        json.writeEndArray();
    }

    /**
     * Writes one record as an array of its values.
     *
     * @param record the record.
     * @param json   where the answer is written, inside the rows' array.
     */
    static void record(final Record record, final JsonGenerator json)
    {
        json.writeStartArray();
        for (int i = 0; i < record.size(); i++)
        {
            value(record.get(i).asObject(), json);
        }
        json.writeEndArray();
    }

    /**
     * Writes the {@code "counters"} property, the non-zero counts of what the statement changed, when it changed
     * anything.
     *
     * @param counters the statement's counters.
     * @param json     where the answer is written, inside an object.
     */
    static void counters(final SummaryCounters counters, final JsonGenerator json)
    {
        if (!counters.containsUpdates())
        {
            return;
        }
        json.writeName("counters");
        json.writeStartObject();
        count("nodesCreated", counters.nodesCreated(), json);
        count("nodesDeleted", counters.nodesDeleted(), json);
        count("relationshipsCreated", counters.relationshipsCreated(), json);
        count("relationshipsDeleted", counters.relationshipsDeleted(), json);
        count("propertiesSet", counters.propertiesSet(), json);
        count("labelsAdded", counters.labelsAdded(), json);
        count("labelsRemoved", counters.labelsRemoved(), json);
        count("indexesAdded", counters.indexesAdded(), json);
        count("indexesRemoved", counters.indexesRemoved(), json);
        count("constraintsAdded", counters.constraintsAdded(), json);
        count("constraintsRemoved", counters.constraintsRemoved(), json);
        json.writeEndObject();
    }

    private static void count(final String name, final int value, final JsonGenerator json)
    {
        if (value != 0)
        {
            json.writeNumberProperty(name, value);
        }
    }

    /** A value as the Java driver gives it ({@link org.neo4j.driver.Value#asObject()}), nested values mapped too. */
    private static void value(final Object value, final JsonGenerator json)
    {
        if (value == null)
        {
            json.writeNull();
        }
        else if (value instanceof Long || value instanceof Integer)
        {
            json.writeNumber(((Number)value).longValue());
        }
        else if (value instanceof Double number)
        {
            if (Double.isFinite(number))
            {
                json.writeNumber(number);
            }
            else
            {
                json.writeString(number.toString());
            }
        }
        else if (value instanceof String text)
        {
            json.writeString(text);
        }
        else if (value instanceof Boolean bool)
        {
            json.writeBoolean(bool);
        }
        else if (value instanceof List<?> list)
        {
            json.writeStartArray();
            for (final Object each : list)
            {
                value(each, json);
            }
            json.writeEndArray();
        }
        else if (value instanceof Map<?, ?> map)
        {
            map(map, json);
        }
        else if (value instanceof Node node)
        {
            node(node, json);
        }
        else if (value instanceof Relationship relationship)
        {
            relationship(relationship, json);
        }
        else if (value instanceof Path path)
        {
            json.writeStartObject();
            json.writeName("nodes");
            json.writeStartArray();
            for (final Node node : path.nodes())
            {
                node(node, json);
            }
            json.writeEndArray();
            json.writeName("relationships");
            json.writeStartArray();
            for (final Relationship relationship : path.relationships())
            {
                relationship(relationship, json);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        else if (value instanceof byte[] bytes)
        {
            json.writeString(Base64.getEncoder().encodeToString(bytes));
        }
        else if (value instanceof Point point)
        {
            json.writeStartObject();
            json.writeNumberProperty("srid", point.srid());
            json.writeNumberProperty("x", point.x());
            json.writeNumberProperty("y", point.y());
            if (!Double.isNaN(point.z()))
            {
                json.writeNumberProperty("z", point.z());
            }
            json.writeEndObject();
        }
        else
        {
            json.writeString(temporal(value));
        }
    }

    /** A temporal value in ISO-8601; anything else a driver might add later, its text. */
    private static String temporal(final Object value)
    {
        if (value instanceof LocalDate date)
        {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
        }
        if (value instanceof LocalTime time)
        {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(time);
        }
        if (value instanceof OffsetTime time)
        {
            return DateTimeFormatter.ISO_OFFSET_TIME.format(time);
        }
        if (value instanceof LocalDateTime dateTime)
        {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
        }
        if (value instanceof ZonedDateTime dateTime)
        {
            // the offset always; the zone's name only for a named zone, as Cypher writes it
            return DateTimeFormatter.ISO_ZONED_DATE_TIME.format(dateTime);
        }
        if (value instanceof IsoDuration duration)
        {
            return duration.toString();
        }
        return value.toString();
    }

    private static void node(final Node node, final JsonGenerator json)
    {
        json.writeStartObject();
        json.writeStringProperty("id", node.elementId());
        json.writeName("labels");
        json.writeStartArray();
        final List<String> labels = new ArrayList<>();
        node.labels().forEach(labels::add);
        labels.sort(null);
        for (final String label : labels)
        {
            json.writeString(label);
        }
        json.writeEndArray();
        json.writeName("properties");
        map(node.asMap(), json);
        json.writeEndObject();
    }

    private static void relationship(final Relationship relationship, final JsonGenerator json)
    {
        json.writeStartObject();
        json.writeStringProperty("id", relationship.elementId());
        json.writeStringProperty("type", relationship.type());
        json.writeStringProperty("start", relationship.startNodeElementId());
        json.writeStringProperty("end", relationship.endNodeElementId());
        json.writeName("properties");
        map(relationship.asMap(), json);
        json.writeEndObject();
    }

    /** A map's entries in key order, so that the same value always reads the same. */
    private static void map(final Map<?, ?> map, final JsonGenerator json)
    {
        json.writeStartObject();
        for (final Map.Entry<String, ?> entry : sorted(map).entrySet())
        {
            json.writeName(entry.getKey());
            value(entry.getValue(), json);
        }
        json.writeEndObject();
    }

    private static Map<String, ?> sorted(final Map<?, ?> map)
    {
        final TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((key, value) -> sorted.put(String.valueOf(key), value));
        return sorted;
    }
}
