package io.rtt.drivers.neo4j;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.rtt.engine.drivers.BoundedAnswer;
import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverLimits;
import io.rtt.engine.drivers.RequestRefusedException;
import io.rtt.engine.json.Json;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Config;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.NotificationConfig;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.AsyncTransaction;
import org.neo4j.driver.async.ResultCursor;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.summary.SummaryCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * Neo4j through its official Java driver, over Bolt. A request is JSON ({@link Neo4jRequest}): one Cypher statement
 * with its named parameters, or a transaction of several, on the user's home database or the one it names. The
 * answer is JSON: {@code {"columns":[...],"rows":[[...],...]}} for a statement ({@link RecordWriter} maps the
 * values), with {@code "counters"} when it changed anything, and {@code {"results":[...]}} for a transaction, one
 * per statement.
 * <p>
 * Every request runs in an explicit transaction of its own, committed when every statement succeeds and rolled back
 * otherwise; records are pulled in batches, so that an answer too large stops at the limit instead of being read.
 * <p>
 * What a request cannot do:
 * <ul>
 *     <li>run longer than {@link DriverLimits#statementTimeoutMs()}: its transaction's timeout, so the server
 *     terminates it and rolls it back; a server that does not answer at all is given up twice that plus a second
 *     later, the connection dropped;</li>
 *     <li>grow an answer larger than {@link DriverLimits#maxAnswerBytes()};</li>
 *     <li>load CSV ({@link LoadCsvScanner}): refused before it is sent, as the server reads such files and URLs
 *     with its own rights, anywhere on its machine unless its import directory is set;</li>
 *     <li>administer the server (users, roles, databases): a statement that changed the system database is
 *     refused, its transaction rolled back.</li>
 * </ul>
 * <p>
 * Connections: one, in a Java-driver pool of one (one thread calls {@link #handle}). The Java driver is made and
 * its connectivity verified on first use; a failure of the server drops it, and the next request makes a new one,
 * no sooner than a backoff after a failed attempt (100 ms doubling to 5 s), each request meanwhile answered with
 * an error naming the failure.
 * <p>
 * One thread calls {@link #handle} and {@link #probe}; {@link #close} may come from another.
 */
final class Neo4jDriver implements Driver
{
    /** Records pulled per round trip: bounds the memory a large result takes before the answer's limit stops it. */
    static final int FETCH_RECORDS = 256;
    /** The first wait after a failed connection attempt. */
    static final long FIRST_BACKOFF_MS = 100;
    /** The longest wait between connection attempts. */
    static final long MAX_BACKOFF_MS = 5_000;
    /** What a request waits for the server beyond twice its transaction's timeout, before giving it up. */
    static final long GRACE_MS = 1_000;
    /** Why a statement that changed the system database is refused. */
    static final String ADMINISTRATION_REFUSED = "administration commands (users, roles, privileges, databases) " +
        "are refused by the neo4j driver: they change the server every route shares";

    /** The server terminated the transaction at its timeout (the client's, or the server's own limit). */
    private static final Set<String> TIMED_OUT = Set.of("Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration");
    /** Client errors that are not the request's: the driver's credentials. */
    private static final Set<String> CREDENTIALS = Set.of("Neo.ClientError.Security.Unauthorized",
        "Neo.ClientError.Security.AuthenticationRateLimit", "Neo.ClientError.Security.CredentialsExpired",
        "Neo.ClientError.Security.TokenExpired");
    /** Errors of other classes that the request caused. */
    private static final Set<String> REQUESTS_OWN = Set.of(
        // CALL { ... } IN TRANSACTIONS, which needs a transaction of its own
        "Neo.DatabaseError.Transaction.TransactionStartFailed",
        "Neo.TransientError.Transaction.DeadlockDetected",
        "Neo.TransientError.General.TransactionMemoryLimit",
        "Neo.TransientError.General.MemoryPoolOutOfMemoryError");

    private static final Logger LOG = LoggerFactory.getLogger(Neo4jDriver.class);

    private final Neo4jTarget target;
    private final Config config;
    private final TransactionConfig transactionConfig;
    private final SessionConfig homeDatabase;
    private final long waitMs;
    private final long waitNs;
    private final String timeoutMessage;
    private final String answerTooLargeMessage;
    private final BoundedAnswer answer;
    private volatile org.neo4j.driver.@Nullable Driver client;
    private int statement;
    private long backoffMs;
    private long nextAttemptNs;
    private @Nullable String lastFailure;
    private volatile boolean closed;

    Neo4jDriver(final Neo4jTarget target, final DriverLimits limits)
    {
        this.target = target;
        this.waitMs = 2 * limits.statementTimeoutMs() + GRACE_MS;
        this.waitNs = TimeUnit.MILLISECONDS.toNanos(waitMs);
        this.config = Config.builder()
            .withMaxConnectionPoolSize(1)
            .withConnectionAcquisitionTimeout(waitMs, TimeUnit.MILLISECONDS)
            .withConnectionTimeout(Math.min(Integer.MAX_VALUE, Math.max(GRACE_MS, limits.statementTimeoutMs())),
                TimeUnit.MILLISECONDS)
            .withFetchSize(FETCH_RECORDS)
            .withUserAgent("rtt")
            .withLogging(Logging.slf4j())
            // the server's hints about a query are for a person at a console, not for a route's answer
            .withNotificationConfig(NotificationConfig.disableAllConfig())
            .build();
        this.transactionConfig = TransactionConfig.builder()
            .withTimeout(Duration.ofMillis(limits.statementTimeoutMs()))
            .build();
        this.homeDatabase = SessionConfig.defaultConfig();
        this.timeoutMessage = "transaction stopped after " + limits.statementTimeoutMs() + " ms, the route's " +
            "deadline (deadlineMs; " + DriverLimits.DEFAULT_STATEMENT_TIMEOUT_MS + " ms for a route without one); " +
            "it is rolled back";
        this.answerTooLargeMessage = "the answer is larger than the route's " + limits.maxAnswerBytes() +
            "-byte message limit (maxMessageBytes); return fewer rows or columns, or page with SKIP/LIMIT";
        this.answer = new BoundedAnswer(limits.maxAnswerBytes());
    }

    /** Runs {@code RETURN 1}: the server accepts the driver's credentials and answers. */
    @Override
    public void probe() throws IOException
    {
        final org.neo4j.driver.Driver open = client();
        final long deadlineNs = System.nanoTime() + waitNs;
        final AsyncSession session = open.session(AsyncSession.class, homeDatabase);
        try
        {
            final ResultCursor cursor = await(session.runAsync("RETURN 1", transactionConfig), deadlineNs);
            final Record one = await(cursor.singleAsync(), deadlineNs);
            if (one.get(0).asLong() != 1)
            {
                throw new IOException("RETURN 1 did not answer 1 but " + one.get(0));
            }
        }
        catch (final Exception ex)
        {
            throw backendFailed(open, ex);
        }
        finally
        {
            close(open, session, deadlineNs);
        }
    }

    /** The session a request runs in: its database, and read access for a read-only request. */
    private SessionConfig sessionConfig(final Neo4jRequest request)
    {
        if (request.database() == null && !request.readOnly())
        {
            return homeDatabase;
        }
        final SessionConfig.Builder config = SessionConfig.builder()
            .withDefaultAccessMode(request.readOnly() ? AccessMode.READ : AccessMode.WRITE);
        if (request.database() != null)
        {
            config.withDatabase(request.database());
        }
        return config.build();
    }

    @Override
    public int handle(final DirectBuffer request, final int offset, final int length, final ExpandableArrayBuffer out)
        throws IOException, RequestRefusedException
    {
        final byte[] bytes = new byte[length];
        request.getBytes(offset, bytes);
        final Neo4jRequest parsed;
        try
        {
            parsed = Neo4jRequest.of(Json.MAPPER.readTree(bytes));
        }
        catch (final JacksonException ex)
        {
            throw new RequestRefusedException("the request is not JSON: " + ex.getOriginalMessage(), ex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RequestRefusedException(ex.getMessage(), ex);
        }
        final org.neo4j.driver.Driver open = client();
        final long deadlineNs = System.nanoTime() + waitNs;
        final SessionConfig sessionConfig = sessionConfig(parsed);
        final AsyncSession session = open.session(AsyncSession.class, sessionConfig);
        answer.wrap(out);
        statement = 0;
        AsyncTransaction tx = null;
        try
        {
            tx = await(session.beginTransactionAsync(transactionConfig), deadlineNs);
            try (JsonGenerator json = Json.MAPPER.createGenerator(answer))
            {
                run(tx, parsed, json, deadlineNs);
            }
            // a read-only request has nothing to keep
            await(parsed.readOnly() ? tx.rollbackAsync() : tx.commitAsync(), deadlineNs);
            return answer.length();
        }
        catch (final Exception ex)
        {
            final Exception failure = failed(open, parsed, ex);
            if (tx != null && failure instanceof RequestRefusedException)
            {
                rollback(open, tx, deadlineNs);
            }
            if (failure instanceof RequestRefusedException refused)
            {
                throw refused;
            }
            throw (IOException)failure;
        }
        finally
        {
            close(open, session, deadlineNs);
        }
    }

    private void run(final AsyncTransaction tx, final Neo4jRequest request, final JsonGenerator json,
        final long deadlineNs) throws Exception
    {
        if (request.transaction())
        {
            json.writeStartObject();
            json.writeName("results");
            json.writeStartArray();
        }
        final List<Neo4jRequest.Statement> statements = request.statements();
        for (int i = 0; i < statements.size(); i++)
        {
            statement = i;
            execute(tx, statements.get(i), json, deadlineNs);
        }
        if (request.transaction())
        {
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static void execute(final AsyncTransaction tx, final Neo4jRequest.Statement statement,
        final JsonGenerator json, final long deadlineNs) throws Exception
    {
        final ResultCursor cursor = await(tx.runAsync(statement.cypher(), statement.params()), deadlineNs);
        json.writeStartObject();
        RecordWriter.columns(cursor.keys(), json);
        json.writeName("rows");
        json.writeStartArray();
        for (Record record = await(cursor.nextAsync(), deadlineNs); record != null;
            record = await(cursor.nextAsync(), deadlineNs))
        {
            RecordWriter.record(record, json);
        }
        json.writeEndArray();
        final SummaryCounters counters = await(cursor.consumeAsync(), deadlineNs).counters();
        if (counters.containsSystemUpdates())
        {
            throw new RequestRefusedException(ADMINISTRATION_REFUSED);
        }
        RecordWriter.counters(counters, json);
        json.writeEndObject();
    }

    /**
     * A failed request in the route's terms: a {@link RequestRefusedException} when the request caused it (its
     * Cypher, its data, its limits), else an {@link IOException} for a server that failed, the Java driver dropped.
     */
    private Exception failed(final org.neo4j.driver.Driver open, final Neo4jRequest request, final Exception cause)
    {
        if (answer.overflowed())
        {
            return new RequestRefusedException(answerTooLargeMessage, cause);
        }
        final String where = request.transaction() ?
            "statement " + (statement + 1) + " of " + request.statements().size() + ": " : "";
        final String rolledBack = request.transaction() ? "; the transaction is rolled back" : "";
        if (cause instanceof RequestRefusedException refused)
        {
            return new RequestRefusedException(where + refused.getMessage() + rolledBack, refused);
        }
        if (cause instanceof Neo4jException ex && TIMED_OUT.contains(ex.code()))
        {
            return new RequestRefusedException(timeoutMessage, ex);
        }
        if (cause instanceof Neo4jException ex && requestsOwn(ex))
        {
            return new RequestRefusedException(where + message(ex) + rolledBack, ex);
        }
        return backendFailed(open, cause);
    }

    /**
     * Whether the request caused an error, rather than the server or the driver's credentials: Neo4j's client errors
     * (syntax, semantics, constraints, types, a missing database or parameter, a privilege), and a few others.
     */
    private static boolean requestsOwn(final Neo4jException ex)
    {
        final String code = ex.code() == null ? "" : ex.code();
        return code.startsWith("Neo.ClientError.") && !CREDENTIALS.contains(code) &&
            !code.startsWith("Neo.ClientError.Cluster.") || REQUESTS_OWN.contains(code);
    }

    /** A failure of the server, or of the way to it: the Java driver is dropped, to be made anew. */
    private IOException backendFailed(final org.neo4j.driver.Driver open, final Exception cause)
    {
        drop(open);
        if (cause instanceof IOException io)
        {
            return io;
        }
        if (cause instanceof InterruptedException)
        {
            Thread.currentThread().interrupt();
        }
        return new IOException("neo4j at " + target + " failed: " + clause(message(cause)) +
            "; the driver reconnects", cause);
    }

    private void rollback(final org.neo4j.driver.Driver open, final AsyncTransaction tx, final long deadlineNs)
    {
        try
        {
            await(tx.rollbackAsync(), cleanupDeadline(deadlineNs));
        }
        catch (final Exception ex)
        {
            LOG.debug("neo4j at {}: rollback failed, the driver reconnects: {}", target, ex.toString());
            drop(open);
        }
    }

    private void close(final org.neo4j.driver.Driver open, final AsyncSession session, final long deadlineNs)
    {
        try
        {
            await(session.closeAsync(), cleanupDeadline(deadlineNs));
        }
        catch (final Exception ex)
        {
            LOG.debug("neo4j at {}: closing a session failed, the driver reconnects: {}", target, ex.toString());
            drop(open);
        }
    }

    /** A request's deadline, or a moment's grace when it has passed, for the cleanup after it. */
    private static long cleanupDeadline(final long deadlineNs)
    {
        final long graceNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
        return deadlineNs - graceNs > 0 ? deadlineNs : graceNs;
    }

    /** The Java driver, or a new one unless the last attempt failed within the backoff. */
    private org.neo4j.driver.Driver client() throws IOException
    {
        final org.neo4j.driver.Driver open = client;
        if (open != null)
        {
            return open;
        }
        if (closed)
        {
            throw new IOException("the neo4j driver is closed");
        }
        final long now = System.nanoTime();
        if (lastFailure != null && now - nextAttemptNs < 0)
        {
            throw new IOException("neo4j at " + target + " is unreachable: " + lastFailure + "; the next attempt " +
                "in " + TimeUnit.NANOSECONDS.toMillis(nextAttemptNs - now) + " ms");
        }
        final org.neo4j.driver.Driver created = GraphDatabase.driver(target.uri(), target.authToken(), config);
        try
        {
            await(created.verifyConnectivityAsync(), now + waitNs);
        }
        catch (final Exception ex)
        {
            created.closeAsync();
            if (ex instanceof InterruptedException)
            {
                Thread.currentThread().interrupt();
            }
            backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            nextAttemptNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            lastFailure = clause(message(ex));
            LOG.warn("neo4j at {} refused a connection, next attempt in {} ms: {}", target, backoffMs, lastFailure);
            throw new IOException("neo4j at " + target + " is unreachable: " + lastFailure, ex);
        }
        if (lastFailure != null)
        {
            LOG.info("neo4j at {} reachable again", target);
        }
        lastFailure = null;
        backoffMs = 0;
        client = created;
        if (closed)
        {
            drop(created);
            throw new IOException("the neo4j driver is closed");
        }
        return created;
    }

    /**
     * Why the last attempt to connect failed.
     *
     * @return the server's or the Java driver's words, or null when the driver is connected or has not tried.
     */
    @Nullable String lastFailure()
    {
        return lastFailure;
    }

    /** Drops the Java driver without waiting: a server that stopped answering must not hold the driver's thread. */
    private void drop(final org.neo4j.driver.Driver open)
    {
        if (client == open)
        {
            client = null;
        }
        open.closeAsync().whenComplete((ignored, ex) ->
        {
            if (ex != null)
            {
                LOG.debug("neo4j at {}: closing a dropped driver failed: {}", target, ex.toString());
            }
        });
    }

    /** Neo4j's message, its first line (a syntax error's query and caret follow), after its code. */
    private String message(final Throwable ex)
    {
        if (ex instanceof TimeoutException)
        {
            return "no answer within " + waitMs + " ms";
        }
        final String text = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        final int newline = text.indexOf('\n');
        final String line = newline < 0 ? text : text.substring(0, newline);
        return ex instanceof Neo4jException neo4j && neo4j.code() != null && neo4j.code().startsWith("Neo.") ?
            neo4j.code() + ": " + line : line;
    }

    /** A message as a clause that a sentence goes on after: the Java driver ends its messages with a period. */
    private static String clause(final String message)
    {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /** A stage's result within a deadline; its failure unwrapped. */
    private static <T> T await(final CompletionStage<T> stage, final long deadlineNs) throws Exception
    {
        try
        {
            return stage.toCompletableFuture().get(Math.max(0, deadlineNs - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        }
        catch (final ExecutionException ex)
        {
            Throwable cause = ex.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null)
            {
                cause = cause.getCause();
            }
            if (cause instanceof Exception failure)
            {
                throw failure;
            }
            if (cause instanceof Error error)
            {
                throw error;
            }
            throw ex;
        }
    }

    @Override
    public void close()
    {
        closed = true;
        final org.neo4j.driver.Driver open = client;
        client = null;
        if (open != null)
        {
            open.close();
        }
    }
}
