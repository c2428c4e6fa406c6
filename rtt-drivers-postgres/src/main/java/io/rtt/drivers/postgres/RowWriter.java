package io.rtt.drivers.postgres;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;

import org.postgresql.util.PGobject;
import tools.jackson.core.JsonGenerator;

/**
 * Rows as JSON, each Postgres type mapped so that no value loses precision:
 * <ul>
 *     <li>{@code int2}, {@code int4}, {@code int8}, {@code oid}: numbers; {@code float4}, {@code float8}: numbers,
 *     or the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"};</li>
 *     <li>{@code numeric}: a string, its digits exactly ({@code "NaN"} too);</li>
 *     <li>{@code bool}: true or false;</li>
 *     <li>{@code timestamptz}: an ISO-8601 string with its offset in the session's time zone, UTC unless the
 *     request sets another; {@code timestamp}, {@code date}, {@code time}: ISO-8601 strings without an offset;
 *     {@code infinity} and {@code -infinity} as those strings;</li>
 *     <li>{@code bytea}: base64;</li>
 *     <li>{@code json}, {@code jsonb}: the JSON itself, embedded;</li>
 *     <li>arrays: JSON arrays of their elements, mapped the same way;</li>
 *     <li>SQL NULL: null; any other type (text, uuid, interval, ...): Postgres's text for it.</li>
 * </ul>
 */
final class RowWriter
{
    private RowWriter()
    {
    }

    /**
     * Writes {@code "columns"}, {@code "types"} and {@code "rows"} properties, the rows as they are read, so that
     * an answer too large stops at the limit instead of being built.
     *
     * @param rows the result.
     * @param json where the answer is written, inside an object.
     * @throws SQLException when the rows cannot be read.
     */
    static void write(final ResultSet rows, final JsonGenerator json) throws SQLException
    {
        final ResultSetMetaData meta = rows.getMetaData();
        final int columns = meta.getColumnCount();
        final String[] types = new String[columns + 1];
        json.writeName("columns");
        json.writeStartArray();
        for (int c = 1; c <= columns; c++)
        {
            json.writeString(meta.getColumnLabel(c));
        }
        json.writeEndArray();
        json.writeName("types");
        json.writeStartArray();
        for (int c = 1; c <= columns; c++)
        {
            types[c] = meta.getColumnTypeName(c);
            json.writeString(types[c]);
        }
        json.writeEndArray();
        json.writeName("rows");
        json.writeStartArray();
        while (rows.next())
        {
            json.writeStartArray();
            for (int c = 1; c <= columns; c++)
            {
                value(rows, c, types[c], json);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private static void value(final ResultSet rows, final int column, final String type, final JsonGenerator json)
        throws SQLException
    {
        switch (type)
        {
            case "int2", "int4", "int8", "oid" ->
            {
                final long value = rows.getLong(column);
                if (rows.wasNull())
                {
                    json.writeNull();
                }
                else
                {
                    json.writeNumber(value);
                }
            }
            case "float4", "float8" ->
            {
                final double value = rows.getDouble(column);
                if (rows.wasNull())
                {
                    json.writeNull();
                }
                else
                {
                    number(value, json);
                }
            }
            case "bool" ->
            {
                final boolean value = rows.getBoolean(column);
                if (rows.wasNull())
                {
                    json.writeNull();
                }
                else
                {
                    json.writeBoolean(value);
                }
            }
            case "bytea" ->
            {
                final byte[] value = rows.getBytes(column);
                if (value == null)
                {
                    json.writeNull();
                }
                else
                {
                    json.writeString(Base64.getEncoder().encodeToString(value));
                }
            }
            case "json", "jsonb" ->
            {
                final String value = rows.getString(column);
                if (value == null)
                {
                    json.writeNull();
                }
                else
                {
                    // Postgres wrote it, so it is JSON: embed it as it is rather than parse it again
                    json.writeRawValue(value);
                }
            }
            case "timestamptz", "timestamp", "date", "time" -> temporal(rows, column, type, json);
            default ->
            {
                if (type.startsWith("_"))
                {
                    final Array array = rows.getArray(column);
                    if (array == null)
                    {
                        json.writeNull();
                    }
                    else
                    {
                        element(array.getArray(), "_timestamptz".equals(type), json);
                        array.free();
                    }
                }
                else
                {
                    text(rows.getString(column), json);
                }
            }
        }
    }

    private static void temporal(final ResultSet rows, final int column, final String type, final JsonGenerator json)
        throws SQLException
    {
        final String text = rows.getString(column);
        if (text == null)
        {
            json.writeNull();
            return;
        }
        if ("infinity".equals(text) || "-infinity".equals(text))
        {
            json.writeString(text);
            return;
        }
        final Object value = switch (type)
        {
            case "timestamptz" -> rows.getObject(column, OffsetDateTime.class);
            case "timestamp" -> rows.getObject(column, LocalDateTime.class);
            case "date" -> rows.getObject(column, LocalDate.class);
            default -> rows.getObject(column, LocalTime.class);
        };
        json.writeString(value.toString());
    }

    /** An array's element, as pgjdbc gives it: boxed scalars, strings, byte arrays, nested arrays. */
    private static void element(final Object value, final boolean zoned, final JsonGenerator json)
    {
        if (value == null)
        {
            json.writeNull();
        }
        else if (value instanceof Object[] values)
        {
            json.writeStartArray();
            for (final Object each : values)
            {
                element(each, zoned, json);
            }
            json.writeEndArray();
        }
        else if (value instanceof Short || value instanceof Integer || value instanceof Long)
        {
            json.writeNumber(((Number)value).longValue());
        }
        else if (value instanceof Float || value instanceof Double)
        {
            number(((Number)value).doubleValue(), json);
        }
        else if (value instanceof BigDecimal decimal)
        {
            json.writeString(decimal.toPlainString());
        }
        else if (value instanceof Boolean bool)
        {
            json.writeBoolean(bool);
        }
        else if (value instanceof byte[] bytes)
        {
            json.writeString(Base64.getEncoder().encodeToString(bytes));
        }
        else if (value instanceof Timestamp timestamp)
        {
            // pgjdbc gives a timestamptz element as a Timestamp at its instant, so its offset is UTC's
            json.writeString(zoned ? timestamp.toInstant().toString() : timestamp.toLocalDateTime().toString());
        }
        else if (value instanceof java.sql.Date date)
        {
            json.writeString(date.toLocalDate().toString());
        }
        else if (value instanceof PGobject object && object.getType() != null && object.getType().startsWith("json"))
        {
            json.writeRawValue(object.getValue());
        }
        else
        {
            json.writeString(value.toString());
        }
    }

    private static void number(final double value, final JsonGenerator json)
    {
        if (Double.isFinite(value))
        {
            json.writeNumber(value);
        }
        else
        {
            json.writeString(Double.toString(value));
        }
    }

    private static void text(final String value, final JsonGenerator json)
    {
        if (value == null)
        {
            json.writeNull();
        }
        else
        {
            json.writeString(value);
        }
    }
}
