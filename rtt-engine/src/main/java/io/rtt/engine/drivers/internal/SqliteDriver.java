package io.rtt.engine.drivers.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.json.Json;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Embedded SQLite: each request is one SQL statement (UTF-8); the response is JSON, {@code {"columns":[...],
 * "rows":[[...],...]}} for a query and {@code {"changes":N}} otherwise. The database is one file the driver owns;
 * statements cannot reach other files (ATTACH is limited to none, extensions cannot load).
 */
final class SqliteDriver implements Driver
{
    /** Rows one response carries at most; a larger result is an error, not a truncated answer. */
    static final int MAX_ROWS = 10_000;

    private final Connection connection;

    private SqliteDriver(final Connection connection)
    {
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the database file.
     *
     * @param database the file.
     * @return the driver.
     * @throws SQLException when SQLite cannot open it.
     */
    static SqliteDriver open(final Path database) throws SQLException
    {
        try
        {
            Files.createDirectories(database.toAbsolutePath().getParent());
        }
        catch (final IOException ex)
        {
            throw new SQLException("cannot create the directory of " + database, ex);
        }
        final SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(false);
        config.setBusyTimeout(5_000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // in WAL mode NORMAL loses no committed write to a process crash, only to power loss, and skips a sync per commit
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        final SQLiteConnection connection = (SQLiteConnection)config.createConnection("jdbc:sqlite:" + database);
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
        return new SqliteDriver(connection);
    }

    @Override
    public int handle(final DirectBuffer request, final int offset, final int length, final ExpandableArrayBuffer out)
        throws SQLException
    {
        final String sql = request.getStringWithoutLengthUtf8(offset, length);
        final Map<String, Object> result = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement())
        {
            if (statement.execute(sql))
            {
                try (ResultSet rows = statement.getResultSet())
                {
                    rows(rows, result);
                }
            }
            else
            {
                result.put("changes", statement.getUpdateCount());
            }
        }
        final byte[] json = Json.MAPPER.writeValueAsBytes(result);
        out.putBytes(0, json);
        return json.length;
    }

    private static void rows(final ResultSet rows, final Map<String, Object> result) throws SQLException
    {
        final ResultSetMetaData meta = rows.getMetaData();
        final List<String> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++)
        {
            columns.add(meta.getColumnLabel(c));
        }
        final List<List<Object>> values = new ArrayList<>();
        while (rows.next())
        {
            if (values.size() == MAX_ROWS)
            {
                throw new SQLException("the result has more than " + MAX_ROWS + " rows; page it with LIMIT/OFFSET");
            }
            final List<Object> row = new ArrayList<>(columns.size());
            for (int c = 1; c <= columns.size(); c++)
            {
                final Object value = rows.getObject(c);
                row.add(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : value);
            }
            values.add(row);
        }
        result.put("columns", columns);
        result.put("rows", values);
    }

    @Override
    public void close() throws SQLException
    {
        connection.close();
    }
}
