package io.rtt.engine.drivers.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.rtt.engine.drivers.BoundedAnswer;
import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverBatch;
import io.rtt.engine.drivers.EventSink;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.DriverLimits;
import io.rtt.engine.drivers.DriverSecret;
import io.rtt.engine.drivers.EndpointResolver;
import io.rtt.engine.drivers.RequestRefusedException;
import io.rtt.engine.json.Json;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * Redis over RESP2, on one connection (the server's Unix socket or TCP): each request is a command
 * ({@link RedisCommand}), each response the JSON of its reply ({@link RespReply}); an error reply is an error frame
 * with Redis's message.
 * <p>
 * Connecting, sending and reading each end at the route's deadline ({@link DriverLimits#statementTimeoutMs()}); a
 * reply, or any string in it, larger than {@link DriverLimits#maxAnswerBytes()} is refused. A connection that fails
 * (the server died, a reply came late or too large) is dropped; the next request connects anew, after a backoff that
 * doubles from {@link #FIRST_BACKOFF_NS} to {@link #MAX_BACKOFF_NS} while the server stays unreachable, and a request
 * within the backoff fails at once, naming the last failure: no request waits on a dead server.
 * <p>
 * One thread calls {@link #handle} and {@link #probe}; {@link #close} may come from another.
 */
final class RedisDriver implements Driver
{
    /** The first wait before connecting again after a failure. */
    static final long FIRST_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The longest wait before connecting again. */
    static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(2);
    /** The most commands pipelined in one write. */
    static final int BATCH_LIMIT = 64;
    private static final Logger LOG = LoggerFactory.getLogger(RedisDriver.class);

    private final DriverEndpoint endpoint;
    private final @Nullable DriverSecret secret;
    private final String componentId;
    private final long timeoutNs;
    private final int maxAnswerBytes;
    private final BoundedAnswer answer;
    private final String answerTooLargeMessage;
    /** A batch's reply, written and handed on one at a time; the handling thread's alone. */
    private final ExpandableArrayBuffer batchAnswer = new ExpandableArrayBuffer(4096);
    /** Which of a batch's requests went out, in the order their replies come. */
    private final int[] pipelined = new int[BATCH_LIMIT];
    private volatile @Nullable RespConnection connection;
    private volatile @Nullable RedisSubscriptions subscriptions;
    private long backoffNs = FIRST_BACKOFF_NS;
    private long retryAtNs;
    private String lastFailure = "";

    private RedisDriver(final DriverEndpoint endpoint, final @Nullable DriverSecret secret, final String componentId,
        final DriverLimits limits)
    {
        this.endpoint = endpoint;
        this.secret = secret;
        this.componentId = componentId;
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(limits.statementTimeoutMs());
        this.maxAnswerBytes = limits.maxAnswerBytes();
        this.answer = new BoundedAnswer(limits.maxAnswerBytes());
        this.answerTooLargeMessage = "the reply is larger than the route's " + limits.maxAnswerBytes() +
            "-byte message limit (maxMessageBytes)";
    }

    /**
     * Connects to the server.
     *
     * @param endpoint    the server's address: {@code unix:} socket, {@code tcp://} or {@code redis://} URL (whose path
     *                    may name a database, {@code /1}).
     * @param secret      the password to AUTH with, or {@code null}.
     * @param componentId the serving component, named in the advice of a failure to connect.
     * @param limits      the deadline and the largest answer.
     * @return the connected driver.
     * @throws IOException when the server cannot be reached or refuses the password; the message names the endpoint
     *                     and how to point the driver elsewhere.
     */
    static RedisDriver open(final DriverEndpoint endpoint, final @Nullable DriverSecret secret,
        final String componentId, final DriverLimits limits) throws IOException
    {
        final RedisDriver driver = new RedisDriver(endpoint, secret, componentId, limits);
        try
        {
            driver.connection = driver.connect(System.nanoTime() + driver.timeoutNs);
        }
        catch (final SetUpRefusedException ex)
        {
            throw new IOException("redis at " + endpoint + ": " + ex.getMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot reach redis at " + endpoint + ": " + describe(ex) + "; start it, or " +
                "point " + EndpointResolver.variable(EndpointResolver.ENDPOINT_VARIABLE, componentId) +
                " or rtt.yaml components." + componentId + ".endpoint at it", ex);
        }
        return driver;
    }

    /** Sends PING: the server answers PONG. */
    @Override
    public void probe() throws IOException, RequestRefusedException
    {
        final ExpandableArrayBuffer reply = new ExpandableArrayBuffer(64);
        answer.wrap(reply);
        run(List.of("PING".getBytes(StandardCharsets.US_ASCII)));
        final String pong = reply.getStringWithoutLengthUtf8(0, answer.length());
        if (!"\"PONG\"".equals(pong))
        {
            throw new IOException("PING answered " + pong + ", not PONG");
        }
    }

    @Override
    public int handle(final DirectBuffer request, final int offset, final int length, final ExpandableArrayBuffer out)
        throws IOException, RequestRefusedException
    {
        final List<byte[]> command;
        try
        {
            command = RedisCommand.parse(request, offset, length);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RequestRefusedException(ex.getMessage(), ex);
        }
        answer.wrap(out);
        run(command);
        return answer.length();
    }

    @Override
    public int batchLimit()
    {
        return BATCH_LIMIT;
    }

    /**
     * Pipelines the batch: every command that parses is sent in one write, then the replies are read in order, each
     * answered as it comes. A malformed or refused command is refused without being sent; an error reply refuses its
     * request alone. A reply too large, or a lost connection, drops the connection: the requests after it fail.
     */
    @Override
    public void handleBatch(final DriverBatch batch) throws IOException
    {
        final RespConnection live = connection();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        final List<List<byte[]>> commands = new ArrayList<>(batch.size());
        int sent = 0;
        for (int i = 0; i < batch.size(); i++)
        {
            try
            {
                commands.add(RedisCommand.parse(batch.buffer(i), batch.offset(i), batch.length(i)));
                pipelined[sent++] = i;
            }
            catch (final IllegalArgumentException ex)
            {
                batch.refuse(i, ex.getMessage());
            }
        }
        if (sent == 0)
        {
            return;
        }
        // appended only once every refusal is sent, so nothing can come between the appends and their one write
        commands.forEach(live::append);
        send(live, deadlineNs);
        for (int k = 0; k < sent; k++)
        {
            answer.wrap(batchAnswer);
            try
            {
                readReply(live, deadlineNs);
                batch.answer(pipelined[k], batchAnswer, answer.length());
            }
            catch (final RequestRefusedException ex)
            {
                batch.refuse(pipelined[k], ex.getMessage());
                if (connection != live)
                {
                    throw new IOException("redis at " + endpoint.address() + ": the connection was dropped after " +
                        "a reply too large; reconnecting", ex);
                }
            }
        }
    }

    @Override
    public boolean subscribes(final DirectBuffer request, final int offset, final int length)
    {
        try
        {
            return RedisCommand.subscription(request, offset, length) != null;
        }
        catch (final IllegalArgumentException malformed)
        {
            // a malformed subscription is still one: subscribe refuses it, saying why
            return true;
        }
    }

    /**
     * Subscribes the client (or ends its subscriptions) on the driver's subscription connection, and answers
     * {@code ["subscribe",["news","sports"],2]}: the command, its channels or patterns, and how many the client now
     * holds on this route. Messages then come to the client as event frames ({@link RedisSubscriptions}).
     */
    @Override
    public int subscribe(final DirectBuffer request, final int offset, final int length, final EventSink client,
        final ExpandableArrayBuffer out) throws RequestRefusedException
    {
        final List<String> parts;
        final int held;
        try
        {
            parts = RedisCommand.subscription(request, offset, length);
            if (parts == null)
            {
                throw new IllegalArgumentException("not a subscription request");
            }
            held = subscriptions().change(parts.get(0), parts.subList(1, parts.size()), client);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RequestRefusedException(ex.getMessage(), ex);
        }
        answer.wrap(out);
        try (JsonGenerator json = Json.MAPPER.createGenerator(answer))
        {
            json.writeStartArray();
            json.writeString(parts.get(0).toLowerCase(Locale.ROOT));
            json.writeStartArray();
            for (final String topic : parts.subList(1, parts.size()))
            {
                json.writeString(topic);
            }
            json.writeEndArray();
            json.writeNumber(held);
            json.writeEndArray();
        }
        return answer.length();
    }

    /** The subscriptions, whose connection and reader thread start with the first subscription. */
    private RedisSubscriptions subscriptions()
    {
        RedisSubscriptions open = subscriptions;
        if (open == null)
        {
            open = new RedisSubscriptions(this::connect, componentId, timeoutNs, maxAnswerBytes);
            subscriptions = open;
        }
        return open;
    }

    /** Sends a command and writes its reply into the answer. */
    private void run(final List<byte[]> command) throws IOException, RequestRefusedException
    {
        final RespConnection live = connection();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        live.append(command);
        send(live, deadlineNs);
        readReply(live, deadlineNs);
    }

    /** Sends what was appended to the connection. */
    private void send(final RespConnection live, final long deadlineNs) throws IOException
    {
        try
        {
            live.flush(deadlineNs);
        }
        catch (final IOException ex)
        {
            throw failed(ex);
        }
    }

    /** Reads the next reply into the answer. */
    private void readReply(final RespConnection live, final long deadlineNs) throws IOException,
        RequestRefusedException
    {
        try (JsonGenerator json = Json.MAPPER.createGenerator(answer))
        {
            RespReply.read(live, json, maxAnswerBytes, deadlineNs);
        }
        catch (final RespReply.RedisErrorException ex)
        {
            // Redis answered: the request's fault, not the server's health
            throw new RequestRefusedException(ex.getMessage(), ex);
        }
        catch (final RespConnection.ReplyTooLargeException ex)
        {
            drop(ex, false);
            throw new RequestRefusedException(answerTooLargeMessage, ex);
        }
        catch (final IOException ex)
        {
            throw failed(ex);
        }
        catch (final JacksonException ex)
        {
            if (answer.overflowed())
            {
                // the rest of the reply is unread: the connection cannot carry the next one
                drop(ex, false);
                throw new RequestRefusedException(answerTooLargeMessage, ex);
            }
            throw ex;
        }
    }

    /** Drops the connection after a failure to send or read, and says what happened in the route's terms. */
    private IOException failed(final IOException ex)
    {
        if (ex instanceof SocketTimeoutException)
        {
            drop(ex, false);
            return new IOException("redis at " + endpoint.address() + " did not answer within " +
                TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms, the route's deadline (deadlineMs; " +
                DriverLimits.DEFAULT_STATEMENT_TIMEOUT_MS + " ms for a route without one)", ex);
        }
        drop(ex, true);
        return new IOException("redis at " + endpoint.address() + ": connection lost (" + describe(ex) +
            "); reconnecting", ex);
    }

    /** The live connection, connecting anew when the last one failed and its backoff is over. */
    private RespConnection connection() throws IOException
    {
        final RespConnection live = connection;
        if (live != null)
        {
            return live;
        }
        final long now = System.nanoTime();
        if (now - retryAtNs < 0)
        {
            throw new IOException("redis at " + endpoint.address() + " is unreachable (" + lastFailure +
                "); next attempt in " + Math.max(1, TimeUnit.NANOSECONDS.toMillis(retryAtNs - now)) + " ms");
        }
        try
        {
            final RespConnection fresh = connect(now + timeoutNs);
            connection = fresh;
            backoffNs = FIRST_BACKOFF_NS;
            LOG.info("redis for {}: connected to {}", componentId, endpoint.address());
            return fresh;
        }
        catch (final IOException ex)
        {
            drop(ex, true);
            throw new IOException("redis at " + endpoint.address() + " is unreachable: " + describe(ex), ex);
        }
    }

    /** Connects, presents the secret and selects the URL's database. */
    private RespConnection connect(final long deadlineNs) throws IOException
    {
        final RespConnection fresh = RespConnection.open(endpoint.address(), deadlineNs);
        try
        {
            if (secret != null)
            {
                setUp(fresh, List.of("AUTH".getBytes(StandardCharsets.US_ASCII),
                    secret.value().getBytes(StandardCharsets.UTF_8)), "AUTH with the " + secret, deadlineNs);
            }
            final int database = database(endpoint.address());
            if (database > 0)
            {
                setUp(fresh, List.of("SELECT".getBytes(StandardCharsets.US_ASCII),
                    Integer.toString(database).getBytes(StandardCharsets.US_ASCII)), "SELECT " + database, deadlineNs);
            }
            return fresh;
        }
        catch (final IOException | RuntimeException ex)
        {
            fresh.close();
            throw ex;
        }
    }

    private void setUp(final RespConnection fresh, final List<byte[]> command, final String what,
        final long deadlineNs) throws IOException
    {
        fresh.send(command, deadlineNs);
        try (JsonGenerator json = Json.MAPPER.createGenerator(OutputStream.nullOutputStream()))
        {
            RespReply.read(fresh, json, maxAnswerBytes, deadlineNs);
        }
        catch (final RespReply.RedisErrorException ex)
        {
            throw new SetUpRefusedException(what + " refused: " + ex.getMessage(), ex);
        }
    }

    /** The database a {@code redis://host:port/N} URL names; 0 otherwise. */
    private static int database(final URI address)
    {
        final String path = address.getPath();
        if ("unix".equals(address.getScheme()) || path == null || path.isEmpty() || "/".equals(path))
        {
            return 0;
        }
        try
        {
            return Integer.parseInt(path.substring(1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("a redis URL's path names a database number, got " + address, ex);
        }
    }

    /** Closes a failed connection; after a failure of the server itself, the next connect waits out a backoff. */
    private void drop(final Exception why, final boolean backoff)
    {
        final RespConnection failed = connection;
        connection = null;
        lastFailure = describe(why);
        if (backoff)
        {
            retryAtNs = System.nanoTime() + backoffNs;
            backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
        }
        if (failed != null)
        {
            LOG.warn("redis for {}: connection to {} dropped: {}", componentId, endpoint.address(), lastFailure);
            try
            {
                failed.close();
            }
            catch (final IOException ex)
            {
                LOG.debug("closing a failed redis connection: {}", ex.toString());
            }
        }
    }

    private static String describe(final Exception ex)
    {
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    @Override
    public void close() throws IOException, InterruptedException
    {
        final RedisSubscriptions subscribed = subscriptions;
        subscriptions = null;
        if (subscribed != null)
        {
            subscribed.close();
        }
        final RespConnection open = connection;
        connection = null;
        if (open != null)
        {
            open.close();
        }
    }

    /** The server refused what the driver does on connecting (AUTH, SELECT): no backoff makes it succeed. */
    private static final class SetUpRefusedException extends IOException
    {
        private static final long serialVersionUID = 1L;

        SetUpRefusedException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }
}
