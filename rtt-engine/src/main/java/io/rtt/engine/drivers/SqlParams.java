package io.rtt.engine.drivers;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import io.rtt.engine.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * Binds a SQL request's JSON parameters to a prepared statement, the same way for every SQL driver: {@code null} as
 * SQL NULL, a boolean as a boolean, an integer that fits as a {@code bigint}, another number as a decimal (or, without
 * exact decimals, a double, and an integer past 64 bits as text), a string as text, and an array or object as its
 * JSON text.
 */
public final class SqlParams
{
    private SqlParams()
    {
    }

    /**
     * Binds the parameters, the first to index 1.
     *
     * @param prepared      the statement.
     * @param params        the values, each a JSON scalar, array or object.
     * @param exactDecimals whether a number with a fraction binds as an exact {@link BigDecimal} (a system with a
     *                      decimal type, such as Postgres's {@code numeric}) rather than a {@code double} (SQLite,
     *                      whose JDBC driver would bind a decimal as text).
     * @throws SQLException when the statement refuses a value or has fewer parameters.
     */
    public static void bind(final PreparedStatement prepared, final List<JsonNode> params, final boolean exactDecimals)
        throws SQLException
    {
        for (int i = 0; i < params.size(); i++)
        {
            final JsonNode value = params.get(i);
            final int index = i + 1;
            if (value.isNull())
            {
                prepared.setNull(index, Types.NULL);
            }
            else if (value.isBoolean())
            {
                prepared.setBoolean(index, value.booleanValue());
            }
            else if (value.isIntegralNumber() && value.canConvertToLong())
            {
                prepared.setLong(index, value.longValue());
            }
            else if (value.isIntegralNumber() && !exactDecimals)
            {
                // past 64 bits, SQLite keeps every digit only as text
                prepared.setString(index, value.asString());
            }
            else if (value.isNumber())
            {
                if (exactDecimals)
                {
                    prepared.setBigDecimal(index, new BigDecimal(value.asString()));
                }
                else
                {
                    prepared.setDouble(index, value.doubleValue());
                }
            }
            else if (value.isString())
            {
                prepared.setString(index, value.asString());
            }
            else
            {
                prepared.setString(index, Json.MAPPER.writeValueAsString(value));
            }
        }
    }
}
