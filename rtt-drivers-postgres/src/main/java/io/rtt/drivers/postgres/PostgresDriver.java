package io.rtt.drivers.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
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
import org.jspecify.annotations.Nullable;
import org.postgresql.core.Parser;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL through pgjdbc. A request is JSON ({@link PostgresRequest}): one statement with its parameters, or a
 * transaction of several, optionally run as a JWT's role with its claims set (Supabase's Row Level Security). The
 * answer is JSON: {@code {"columns":[...],"types":[...],"rows":[[...],...]}} for a query ({@link RowWriter} maps the
 * types), {@code {"changes":N}} otherwise, and {@code {"results":[...]}} for a transaction, one per statement.
 * <p>
 * Every request runs in a transaction of its own, committed when every statement succeeds and rolled back
 * otherwise: a lone statement (no {@code tx}, claims or {@code readOnly}) in autocommit, which commits it in the same
 * round trip; the others in an explicit one, whose rows are fetched in batches, so that an answer too large stops at
 * the limit instead of being read. Either way pgjdbc holds at most twice the limit of a result
 * ({@code maxResultBuffer}).
 * <p>
 * What a request cannot do:
 * <ul>
 *     <li>run longer than {@link DriverLimits#statementTimeoutMs()}: the session's {@code statement_timeout} is the
 *     route's deadline, so Postgres cancels the statement and rolls its transaction back;</li>
 *     <li>grow an answer larger than {@link DriverLimits#maxAnswerBytes()};</li>
 *     <li>carry two statements in one {@code sql} (pgjdbc would split and run them): refused before preparing;</li>
 *     <li>reach a file or program: the driver's role should be no superuser, and Postgres refuses
 *     {@code COPY ... TO PROGRAM} and {@code COPY ... TO 'file'} to other roles.</li>
 * </ul>
 * <p>
 * Connections: one. One thread calls {@link #handle}, so a second connection would only sit idle; the connection is
 * opened on first use, dropped when the backend fails, and reopened no sooner than a backoff after a failed attempt
 * (100 ms doubling to 5 s), each request meanwhile answered with an error naming the failure.
 * <p>
 * One thread calls {@link #handle} and {@link #probe}; {@link #close} may come from another.
 */
final class PostgresDriver implements Driver
{
    /** Rows fetched per round trip: bounds the memory a large result takes before the answer's limit stops it. */
    static final int FETCH_ROWS = 256;
    /** The first wait after a failed connection attempt. */
    static final long FIRST_BACKOFF_MS = 100;
    /** The longest wait between connection attempts. */
    static final long MAX_BACKOFF_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDriver.class);

    private final PostgresTarget target;
    private final DriverLimits limits;
    private final String timeoutMessage;
    private final String answerTooLargeMessage;
    private final BoundedAnswer answer;
    private volatile @Nullable Connection connection;
    private long backoffMs;
    private long nextAttemptNs;
    private @Nullable String lastFailure;
    private volatile boolean closed;

    PostgresDriver(final PostgresTarget target, final DriverLimits limits)
    {
        this.target = target;
        this.limits = limits;
        this.timeoutMessage = "statement cancelled after " + limits.statementTimeoutMs() + " ms, the route's " +
            "deadline (deadlineMs; " + DriverLimits.DEFAULT_STATEMENT_TIMEOUT_MS + " ms for a route without one); " +
            "its transaction is rolled back";
        this.answerTooLargeMessage = "the answer is larger than the route's " + limits.maxAnswerBytes() +
            "-byte message limit (maxMessageBytes); select fewer rows or columns, or page with LIMIT/OFFSET";
        this.answer = new BoundedAnswer(limits.maxAnswerBytes());
    }

    /** Runs {@code SELECT 1}: the server accepts the driver's connection and answers. */
    @Override
    public void probe() throws SQLException
    {
        final Connection open = connection();
        try (Statement statement = open.createStatement();
            ResultSet rows = statement.executeQuery("SELECT 1"))
        {
            if (!rows.next() || rows.getInt(1) != 1)
            {
                throw new SQLException("SELECT 1 did not answer 1");
            }
        }
        catch (final SQLException ex)
        {
            throw failed(open, ex);
        }
    }

    @Override
    public int handle(final DirectBuffer request, final int offset, final int length, final ExpandableArrayBuffer out)
        throws SQLException, RequestRefusedException
    {
        final byte[] bytes = new byte[length];
        request.getBytes(offset, bytes);
        final SqlRequest parsed;
        try
        {
            parsed = PostgresRequest.of(Json.MAPPER.readTree(bytes));
            for (final SqlRequest.Statement statement : parsed.statements())
            {
                checkOneStatement(statement.sql());
            }
        }
        catch (final JacksonException ex)
        {
            throw new RequestRefusedException("the request is not JSON: " + ex.getOriginalMessage(), ex);
        }
        catch (final IllegalArgumentException | SQLException ex)
        {
            throw new RequestRefusedException(ex.getMessage(), ex);
        }
        final Connection open = connection();
        // a lone statement commits by itself in one round trip; the rest need a transaction of their own
        final boolean transaction = parsed.transaction() || parsed.claims() != null || parsed.readOnly();
        answer.wrap(out);
        try
        {
            open.setAutoCommit(!transaction);
            try (JsonGenerator json = Json.MAPPER.createGenerator(answer))
            {
                run(open, parsed, json);
            }
            if (parsed.readOnly())
            {
                // nothing to keep, and a SET the request ran (even SET SESSION) is undone with the transaction
                open.rollback();
            }
            else if (transaction)
            {
                open.commit();
            }
        }
        catch (final SQLException | JacksonException ex)
        {
            if (transaction)
            {
                rollback(open);
            }
            if (answer.overflowed())
            {
                throw new RequestRefusedException(answerTooLargeMessage, ex);
            }
            if (ex instanceof SQLException sql)
            {
                final SQLException explained = failed(open, sql);
                if (serverFailed(explained))
                {
                    throw explained;
                }
                throw new RequestRefusedException(explained.getMessage(), explained);
            }
            throw (JacksonException)ex;
        }
        return answer.length();
    }

    private void run(final Connection open, final SqlRequest request, final JsonGenerator json)
        throws SQLException
    {
        if (request.readOnly())
        {
            try (Statement statement = open.createStatement())
            {
                statement.execute("SET TRANSACTION READ ONLY");
            }
        }
        if (request.claims() != null)
        {
            claims(open, request.claims());
        }
        final List<SqlRequest.Statement> statements = request.statements();
        if (request.transaction())
        {
            json.writeStartObject();
            json.writeName("results");
            json.writeStartArray();
        }
        for (int i = 0; i < statements.size(); i++)
        {
            try
            {
                if (request.readOnly())
                {
                    stillReadOnly(open);
                }
                execute(open, statements.get(i), json);
            }
            catch (final SQLException ex)
            {
                if (!request.transaction() || answer.overflowed())
                {
                    throw ex;
                }
                throw new SQLException("statement " + (i + 1) + " of " + statements.size() + ": " + message(ex) +
                    "; the transaction is rolled back", ex.getSQLState(), ex);
            }
        }
        if (request.transaction())
        {
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /**
     * Checks that a read-only request is still in its read-only transaction: a {@code COMMIT} among its statements
     * would end it, and pgjdbc would begin a read-write one for the next. The check is a query, so it also takes the
     * transaction's snapshot, after which {@code SET TRANSACTION READ WRITE} is refused by the server.
     */
    private static void stillReadOnly(final Connection open) throws SQLException
    {
        try (Statement statement = open.createStatement();
            ResultSet rows = statement.executeQuery("SELECT current_setting('transaction_read_only')"))
        {
            if (!rows.next() || !"on".equals(rows.getString(1)))
            {
                throw new SQLException("a read-only request left its read-only transaction; statements that end or " +
                    "begin transactions are refused in one", "25006");
            }
        }
    }

    /** Takes the claims' role for this transaction and sets {@code request.jwt.claims}, as Supabase's API does. */
    private static void claims(final Connection open, final JsonNode claims) throws SQLException
    {
        // the role is one of PostgresRequest.CLAIM_ROLES, checked when the request was read: safe to name
        final String role = claims.get("role").asString();
        try (Statement statement = open.createStatement())
        {
            statement.execute("SET LOCAL ROLE " + role);
        }
        try (PreparedStatement statement = open.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)"))
        {
            statement.setString(1, Json.MAPPER.writeValueAsString(claims));
            statement.execute();
        }
    }

    private void execute(final Connection open, final SqlRequest.Statement statement, final JsonGenerator json)
        throws SQLException
    {
        try (PreparedStatement prepared = open.prepareStatement(statement.sql()))
        {
            prepared.setFetchSize(FETCH_ROWS);
            SqlParams.bind(prepared, statement.params(), true);
            json.writeStartObject();
            if (prepared.execute())
            {
                try (ResultSet rows = prepared.getResultSet())
                {
                    RowWriter.write(rows, json);
                }
            }
            else
            {
                json.writeNumberProperty("changes", Math.max(0, prepared.getUpdateCount()));
            }
            json.writeEndObject();
        }
    }

    /**
     * Binds JSON values: a string as text of a type the server infers from the statement (so {@code '...'} columns
     * of uuid, timestamp or json take strings), an integer as bigint, another number as numeric, a boolean as
     * boolean, null as NULL, an array or object as its JSON text (for json and jsonb).
     */
    /**
     * Refuses a {@code sql} of several statements: pgjdbc would split it and run each, which would let one request
     * slip statements past what its shape says. pgjdbc's own parser counts them, as pgjdbc would split them.
     */
    private static void checkOneStatement(final String sql) throws SQLException
    {
        if (Parser.parseJdbcSql(sql, true, true, true, false, false).size() > 1)
        {
            throw new SQLException("one statement per \"sql\", without ';' between statements; send several as " +
                "{\"tx\": [...]}");
        }
    }

    /** The open connection, or a new one unless the last attempt failed within the backoff. */
    private Connection connection() throws SQLException
    {
        final Connection open = connection;
        if (open != null)
        {
            return open;
        }
        if (closed)
        {
            throw new SQLException("the postgres driver is closed");
        }
        final long now = System.nanoTime();
        if (lastFailure != null && now - nextAttemptNs < 0)
        {
            throw new SQLException("postgres at " + target + " is unreachable: " + lastFailure + "; the next " +
                "attempt in " + TimeUnit.NANOSECONDS.toMillis(nextAttemptNs - now) + " ms",
                PSQLState.CONNECTION_FAILURE.getState());
        }
        try
        {
            final Connection opened = DriverManager.getConnection(target.jdbcUrl(), connectionProperties());
            try
            {
                opened.setAutoCommit(false);
                try (Statement statement = opened.createStatement())
                {
                    statement.execute("SET statement_timeout = " + limits.statementTimeoutMs());
                }
                opened.commit();
            }
            catch (final SQLException ex)
            {
                opened.close();
                throw ex;
            }
            if (lastFailure != null)
            {
                LOG.info("postgres at {} reachable again", target);
            }
            lastFailure = null;
            backoffMs = 0;
            connection = opened;
            if (closed)
            {
                opened.close();
                throw new SQLException("the postgres driver is closed");
            }
            return opened;
        }
        catch (final SQLException ex)
        {
            backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            nextAttemptNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            lastFailure = message(ex);
            LOG.warn("postgres at {} refused a connection, next attempt in {} ms: {}", target, backoffMs,
                lastFailure);
            throw new SQLException("postgres at " + target + " is unreachable: " + lastFailure, ex.getSQLState(), ex);
        }
    }

    private Properties connectionProperties()
    {
        final Properties properties = target.properties();
        final long timeoutS = Math.max(1, TimeUnit.MILLISECONDS.toSeconds(limits.statementTimeoutMs() + 999));
        properties.putIfAbsent("connectTimeout", Long.toString(timeoutS));
        properties.putIfAbsent("loginTimeout", Long.toString(timeoutS));
        // a backend that stops answering (not one that dies: that closes the socket) frees the driver after twice
        // the deadline, when the server's own statement_timeout has failed to
        properties.putIfAbsent("socketTimeout", Long.toString(2 * timeoutS + 1));
        // strings bind as "unknown", typed by the statement, as psql's literals are
        properties.putIfAbsent("stringtype", "unspecified");
        properties.putIfAbsent("ApplicationName", "rtt");
        // a batch of rows larger than this is refused while it is read, before it can fill the panel's heap
        properties.putIfAbsent("maxResultBuffer", Long.toString(2L * limits.maxAnswerBytes() + 65_536));
        return properties;
    }

    private static void rollback(final Connection open)
    {
        try
        {
            open.rollback();
        }
        catch (final SQLException ex)
        {
            LOG.debug("rollback failed, the connection is dropped next: {}", ex.getMessage());
        }
    }

    /** A failed request in the route's terms; a connection that the failure broke is dropped, to be reopened. */
    /**
     * Whether the server failed (its connection, its resources, a crash or a shutdown: SQLSTATE classes 08, 53, 57P,
     * 58, XX, or none at all) rather than the statement (a syntax or data error, a constraint, a privilege, its
     * deadline): only that counts against the route's circuit breaker.
     */
    private static boolean serverFailed(final SQLException ex)
    {
        final String state = ex.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") ||
            state.startsWith("58") || state.startsWith("XX");
    }

    private SQLException failed(final Connection open, final SQLException ex)
    {
        final String state = ex.getSQLState();
        boolean broken;
        try
        {
            broken = open.isClosed() || (state != null && state.startsWith("08"));
        }
        catch (final SQLException closedCheck)
        {
            broken = true;
        }
        if (broken)
        {
            drop(open);
        }
        if (ex.getMessage() != null && ex.getMessage().contains("maxResultBuffer"))
        {
            // pgjdbc refuses the batch of rows from its length, before reading it, and then closes the connection
            return new SQLException(answerTooLargeMessage, state, ex);
        }
        if (broken)
        {
            return new SQLException("postgres at " + target + " failed: " + message(ex) + "; the driver reconnects",
                state, ex);
        }
        if (PSQLState.QUERY_CANCELED.getState().equals(state) || rootState(ex))
        {
            return new SQLException(timeoutMessage, state, ex);
        }
        return ex instanceof PSQLException ? new SQLException(message(ex), state, ex) : ex;
    }

    private static boolean rootState(final SQLException ex)
    {
        return ex.getCause() instanceof SQLException cause &&
            PSQLState.QUERY_CANCELED.getState().equals(cause.getSQLState());
    }

    private void drop(final Connection open)
    {
        if (connection == open)
        {
            connection = null;
        }
        try
        {
            open.close();
        }
        catch (final SQLException ex)
        {
            LOG.debug("closing a broken connection: {}", ex.getMessage());
        }
    }

    /** Postgres's own message, as psql shows it, without pgjdbc's position and detail lines. */
    private static String message(final SQLException ex)
    {
        final String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() throws SQLException
    {
        closed = true;
        final Connection open = connection;
        connection = null;
        if (open != null)
        {
            open.close();
        }
    }
}
