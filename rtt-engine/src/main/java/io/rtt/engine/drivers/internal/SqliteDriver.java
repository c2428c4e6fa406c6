package io.rtt.engine.drivers.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.drivers.BoundedAnswer;
import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverLimits;
import io.rtt.engine.drivers.RequestRefusedException;
import io.rtt.engine.drivers.SqlParams;
import io.rtt.engine.drivers.SqlRequest;
import io.rtt.engine.json.Json;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteLimits;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * Embedded SQLite: each request is one SQL statement (UTF-8), or the postgres driver's JSON form
 * ({@link SqliteRequest}: a statement with {@code ?} parameters, or a transaction of several, either read-only if it
 * asks, through SQLite's {@code query_only}); the response is
 * JSON, {@code {"columns":[...], "rows":[[...],...]}} for a query and {@code {"changes":N}} otherwise, and
 * {@code {"results":[...]}} for a transaction. The database is one file the driver owns.
 * <p>
 * What a request cannot do:
 * <ul>
 *     <li>reach another file: ATTACH (and so VACUUM) is limited to none, extensions cannot load, and statements are
 *     prepared, never parsed by sqlite-jdbc's own {@code backup to}/{@code restore from} commands;</li>
 *     <li>run longer than {@link DriverLimits#statementTimeoutMs()}: a progress handler stops the statement, whose
 *     changes SQLite undoes;</li>
 *     <li>build a string or blob, or an answer, larger than {@link DriverLimits#maxAnswerBytes()}: SQLite refuses
 *     such a value ({@code SQLITE_LIMIT_LENGTH}) before allocating it, and the answer is written as it is read,
 *     stopping at the limit;</li>
 *     <li>set a pragma that could corrupt the database or escape it ({@link PragmaGuard}).</li>
 * </ul>
 * Each refusal is an error answer naming the limit; the database and the driver go on.
 * <p>
 * One thread calls {@link #handle}; {@link #close} may come from another, and stops a running statement first.
 */
final class SqliteDriver implements Driver
{
    /** SQLite virtual-machine steps between deadline checks: microseconds of work, one clock read. */
    static final int PROGRESS_STEPS = 1_000;

    private final SQLiteConnection connection;
    private final long statementTimeoutNs;
    private final String timeoutMessage;
    private final String tooBigMessage;
    private final String answerTooLargeMessage;
    private final BoundedAnswer answer;
    /** When the running statement must stop, by {@link System#nanoTime()}; written and read by the handling thread. */
    private long stopAtNs;
    private boolean stopped;
    private volatile boolean closing;

    private SqliteDriver(final SQLiteConnection connection, final DriverLimits limits)
    {
        this.connection = connection;
        this.statementTimeoutNs = TimeUnit.MILLISECONDS.toNanos(limits.statementTimeoutMs());
        this.timeoutMessage = "statement stopped after " + limits.statementTimeoutMs() + " ms, the route's deadline " +
            "(deadlineMs; " + DriverLimits.DEFAULT_STATEMENT_TIMEOUT_MS + " ms for a route without one); its " +
            "changes are undone";
        this.tooBigMessage = "a string or blob is larger than the route's " + limits.maxAnswerBytes() +
            "-byte message limit (maxMessageBytes)";
        this.answerTooLargeMessage = "the answer is larger than the route's " + limits.maxAnswerBytes() +
            "-byte message limit (maxMessageBytes); select fewer rows or columns, or page with LIMIT/OFFSET";
        this.answer = new BoundedAnswer(limits.maxAnswerBytes());
    }

    /**
     * Opens (creating if needed) the database file.
     *
     * @param database the file.
     * @param limits   how long a statement may run and how large a value or an answer may be.
     * @return the driver.
     * @throws SQLException when SQLite cannot open it.
     */
    static SqliteDriver open(final Path database, final DriverLimits limits) throws SQLException
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
        // the progress handler does not run while SQLite waits for another process's lock: bound the wait the same
        config.setBusyTimeout((int)Math.min(Integer.MAX_VALUE, limits.statementTimeoutMs()));
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // in WAL mode NORMAL loses no committed write to a process crash, only to power loss, and skips a sync per
        // commit
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        final SQLiteConnection connection = (SQLiteConnection)config.createConnection("jdbc:sqlite:" + database);
        try
        {
            connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
            connection.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, limits.maxAnswerBytes());
            final SqliteDriver driver = new SqliteDriver(connection, limits);
            ProgressHandler.setHandler(connection, PROGRESS_STEPS, driver.new Deadline());
            return driver;
        }
        catch (final SQLException | RuntimeException ex)
        {
            connection.close();
            throw ex;
        }
    }

    /** Runs {@code SELECT 1} within the statement timeout: the database file opens and answers. */
    @Override
    public void probe() throws SQLException
    {
        stopped = false;
        stopAtNs = System.nanoTime() + statementTimeoutNs;
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1");
            ResultSet rows = statement.executeQuery())
        {
            if (!rows.next() || rows.getInt(1) != 1)
            {
                throw new SQLException("SELECT 1 did not answer 1");
            }
        }
    }

    @Override
    public int handle(final DirectBuffer request, final int offset, final int length, final ExpandableArrayBuffer out)
        throws SQLException, RequestRefusedException
    {
        final SqlRequest parsed;
        try
        {
            parsed = SqliteRequest.of(request.getStringWithoutLengthUtf8(offset, length));
            for (final SqlRequest.Statement statement : parsed.statements())
            {
                PragmaGuard.check(statement.sql());
            }
        }
        catch (final IllegalArgumentException | SQLException refused)
        {
            throw new RequestRefusedException(refused.getMessage(), refused);
        }
        answer.wrap(out);
        stopped = false;
        stopAtNs = System.nanoTime() + statementTimeoutNs;
        if (parsed.readOnly())
        {
            queryOnly(true);
        }
        try (JsonGenerator json = Json.MAPPER.createGenerator(answer))
        {
            if (parsed.transaction())
            {
                transaction(parsed.statements(), json);
            }
            else
            {
                run(parsed.statements().get(0), json);
            }
        }
        catch (final SQLException ex)
        {
            final SQLException explained = explained(ex);
            if (databaseFailed(ex))
            {
                throw explained;
            }
            throw new RequestRefusedException(explained.getMessage(), explained);
        }
        catch (final JacksonException ex)
        {
            if (answer.overflowed())
            {
                throw new RequestRefusedException(answerTooLargeMessage, ex);
            }
            throw ex;
        }
        finally
        {
            if (parsed.readOnly())
            {
                queryOnly(false);
            }
        }
        return answer.length();
    }

    /** Turns SQLite's {@code query_only} on or off: while on, a statement that would write fails. */
    private void queryOnly(final boolean on) throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.execute(on ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0");
        }
    }

    /**
     * Runs every statement in one SQLite transaction, committed when all succeed; the first failure rolls it back
     * and names its statement.
     */
    private void transaction(final List<SqlRequest.Statement> statements, final JsonGenerator json)
        throws SQLException, RequestRefusedException
    {
        connection.setAutoCommit(false);
        try
        {
            json.writeStartObject();
            json.writeName("results");
            json.writeStartArray();
            for (int i = 0; i < statements.size(); i++)
            {
                try
                {
                    run(statements.get(i), json);
                }
                catch (final SQLException ex)
                {
                    if (databaseFailed(ex))
                    {
                        throw ex;
                    }
                    throw new RequestRefusedException("statement " + (i + 1) + " of " + statements.size() + ": " +
                        explained(ex).getMessage() + "; the transaction is rolled back", ex);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
            connection.commit();
        }
        catch (final Exception ex)
        {
            connection.rollback();
            throw ex;
        }
        finally
        {
            connection.setAutoCommit(true);
        }
    }

    /** Runs one statement and writes its result: its rows, or the rows it changed. */
    private void run(final SqlRequest.Statement statement, final JsonGenerator json) throws SQLException
    {
        try (PreparedStatement prepared = connection.prepareStatement(statement.sql()))
        {
            SqlParams.bind(prepared, statement.params(), false);
            json.writeStartObject();
            if (prepared.execute())
            {
                try (ResultSet rows = prepared.getResultSet())
                {
                    rows(rows, json);
                }
            }
            else
            {
                json.writeNumberProperty("changes", prepared.getUpdateCount());
            }
            json.writeEndObject();
        }
    }

    /**
     * Whether the database itself failed (its file, the disk, memory) rather than the statement: only that counts
     * against the route's circuit breaker; a statement's error, its limits and its deadline are the request's.
     */
    private static boolean databaseFailed(final SQLException ex)
    {
        if (!(ex instanceof SQLiteException lite))
        {
            return true;
        }
        return switch (lite.getResultCode().code & 0xFF)
        {
            case 7, 10, 11, 13, 14, 26 -> true; // NOMEM, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB (primary codes)
            default -> false;
        };
    }

    /** Writes the rows as they are read, so that an answer too large stops at the limit instead of being built. */
    private static void rows(final ResultSet rows, final JsonGenerator json) throws SQLException
    {
        final ResultSetMetaData meta = rows.getMetaData();
        final int columns = meta.getColumnCount();
        json.writeName("columns");
        json.writeStartArray();
        for (int c = 1; c <= columns; c++)
        {
            json.writeString(meta.getColumnLabel(c));
        }
        json.writeEndArray();
        json.writeName("rows");
        json.writeStartArray();
        while (rows.next())
        {
            json.writeStartArray();
            for (int c = 1; c <= columns; c++)
            {
                final Object value = rows.getObject(c);
                if (value == null)
                {
                    json.writeNull();
                }
                else if (value instanceof Integer || value instanceof Long)
                {
                    json.writeNumber(((Number)value).longValue());
                }
                else if (value instanceof Double number)
                {
                    json.writeNumber(number);
                }
                else if (value instanceof byte[] bytes)
                {
                    json.writeString(new String(bytes, StandardCharsets.ISO_8859_1));
                }
                else
                {
                    json.writeString(value.toString());
                }
            }
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    /** SQLite's refusals that come from this driver's limits, said in the route's terms. */
    private SQLException explained(final SQLException ex)
    {
        if (ex instanceof SQLiteException lite)
        {
            final SQLiteErrorCode code = lite.getResultCode();
            if (stopped && code == SQLiteErrorCode.SQLITE_INTERRUPT)
            {
                return new SQLException(timeoutMessage, ex);
            }
            if (code == SQLiteErrorCode.SQLITE_TOOBIG)
            {
                return new SQLException(tooBigMessage, ex);
            }
        }
        if (answer.overflowed())
        {
            return new SQLException(answerTooLargeMessage, ex);
        }
        return ex;
    }

    @Override
    public void close() throws SQLException
    {
        if (connection.isClosed())
        {
            return;
        }
        // a statement still running holds the connection's lock, which close() waits for: stop it first
        closing = true;
        connection.getDatabase().interrupt();
        connection.close();
    }

    /** Stops the running statement once its time is up, or when the driver closes. */
    private final class Deadline extends ProgressHandler
    {
        @Override
        protected int progress()
        {
            if (closing || System.nanoTime() - stopAtNs > 0)
            {
                stopped = true;
                return 1;
            }
            return 0;
        }
    }
}
