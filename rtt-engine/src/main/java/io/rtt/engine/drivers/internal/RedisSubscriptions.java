package io.rtt.engine.drivers.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rtt.engine.drivers.BoundedAnswer;
import io.rtt.engine.drivers.EventSink;
import io.rtt.engine.json.Json;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The redis driver's subscriptions: Redis pub/sub delivered to a route's clients as event frames. One connection of
 * its own carries every subscription of the driver (a subscribed connection can do nothing else), read by one thread
 * that also sends the changes the clients ask for, so the connection has one user. A channel is subscribed on the
 * server while any client wants it; each message that comes is sent, as the JSON of Redis's push
 * ({@code ["message","news","hello"]}, {@code ["pmessage","n*","news","hello"]}), to every client subscribed to its
 * channel or pattern. A connection that fails is opened again after a backoff and every subscription renewed; the
 * clients are told with {@code ["rtt-resubscribed", n]}, since messages published meanwhile were lost.
 * <p>
 * Bounded: a client holds at most {@link #MAX_PER_CLIENT} channels and patterns, the driver at most
 * {@link #MAX_TOTAL}; a message larger than the route's answers is dropped. A client whose lane closed is forgotten at
 * its next message, or at its next subscription request.
 * <p>
 * Thread-safe: {@link #change} from the driver's thread, the rest on the reader thread; a lock guards the table.
 */
final class RedisSubscriptions implements AutoCloseable
{
    /** Channels and patterns one client may hold. */
    static final int MAX_PER_CLIENT = 64;
    /** Channels and patterns all the clients of one driver may hold together. */
    static final int MAX_TOTAL = 4_096;
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long FIRST_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(2);
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriptions.class);

    /** Opens a connection the way the driver does: AUTH and SELECT included. */
    interface Connector
    {
        RespConnection connect(long deadlineNs) throws IOException;
    }

    /** A key in the table: a channel, or a pattern ({@code P} commands). */
    private record Topic(boolean pattern, String name)
    {
    }

    private final Connector connector;
    private final String componentId;
    private final long timeoutNs;
    private final int maxMessageBytes;
    private final Map<Topic, Set<EventSink>> table = new HashMap<>();
    /** Changes for the server, sent by the reader; only while connected (else the table is renewed whole). */
    private final ConcurrentLinkedQueue<List<byte[]>> outbox = new ConcurrentLinkedQueue<>();
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer(4096);
    private final BoundedAnswer answer;
    private final Thread reader;
    private volatile @Nullable RespConnection connection;
    private volatile boolean closed;

    RedisSubscriptions(final Connector connector, final String componentId, final long timeoutNs,
        final int maxMessageBytes)
    {
        this.connector = connector;
        this.componentId = componentId;
        this.timeoutNs = timeoutNs;
        this.maxMessageBytes = maxMessageBytes;
        this.answer = new BoundedAnswer(maxMessageBytes);
        this.reader = new Thread(this::read, "rtt-redis-subscriptions-" + componentId);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Subscribes a client to topics, or ends its subscriptions, as {@code SUBSCRIBE}, {@code PSUBSCRIBE},
     * {@code UNSUBSCRIBE} or {@code PUNSUBSCRIBE} with their arguments ask (an unsubscribe without any ends all of
     * that kind).
     *
     * @param command the command, upper-case.
     * @param topics  its arguments.
     * @param client  the client.
     * @return how many channels and patterns the client holds afterwards.
     * @throws IllegalArgumentException when the client or the driver would hold more than it may.
     */
    int change(final String command, final List<String> topics, final EventSink client)
    {
        final boolean pattern = command.startsWith("P");
        final boolean subscribe = command.endsWith("SUBSCRIBE") && !command.contains("UNSUBSCRIBE");
        final List<String> toServer = new ArrayList<>();
        final int held;
        synchronized (table)
        {
            table.values().forEach(sinks -> sinks.removeIf(sink -> !sink.open()));
            table.values().removeIf(Set::isEmpty);
            if (subscribe)
            {
                final long fresh = topics.stream().distinct()
                    .filter(t -> !table.getOrDefault(new Topic(pattern, t), Set.of()).contains(client)).count();
                if (count(client) + fresh > MAX_PER_CLIENT)
                {
                    throw new IllegalArgumentException("a client holds at most " + MAX_PER_CLIENT + " channels and " +
                        "patterns on a route; it holds " + count(client) + " and asked for " + fresh + " more");
                }
                if (table.values().stream().mapToInt(Set::size).sum() + fresh > MAX_TOTAL)
                {
                    throw new IllegalArgumentException("the redis driver of " + componentId + " holds at most " +
                        MAX_TOTAL + " subscriptions for all its clients");
                }
                for (final String topic : topics)
                {
                    final Set<EventSink> sinks = table.computeIfAbsent(new Topic(pattern, topic),
                        t -> new LinkedHashSet<>());
                    if (sinks.isEmpty())
                    {
                        toServer.add(topic);
                    }
                    sinks.add(client);
                }
            }
            else
            {
                final List<Topic> ending = topics.isEmpty() ?
                    table.keySet().stream().filter(t -> t.pattern() == pattern).toList() :
                    topics.stream().map(t -> new Topic(pattern, t)).toList();
                for (final Topic topic : ending)
                {
                    final Set<EventSink> sinks = table.get(topic);
                    if (sinks != null && sinks.remove(client) && sinks.isEmpty())
                    {
                        table.remove(topic);
                        toServer.add(topic.name());
                    }
                }
            }
            held = count(client);
        }
        // without a connection the table is enough: the reader subscribes to all it holds when it connects
        final RespConnection live = connection;
        if (!toServer.isEmpty() && live != null)
        {
            final List<byte[]> args = new ArrayList<>();
            args.add(command.getBytes(StandardCharsets.US_ASCII));
            toServer.forEach(t -> args.add(t.getBytes(StandardCharsets.UTF_8)));
            outbox.add(args);
            live.wakeup();
        }
        return held;
    }

    private int count(final EventSink client)
    {
        return (int)table.values().stream().filter(sinks -> sinks.contains(client)).count();
    }

    /** The reader thread: connects, sends what clients asked, and hands each message to its subscribers. */
    private void read()
    {
        long backoffNs = FIRST_BACKOFF_NS;
        boolean renew = false;
        while (!closed)
        {
            try
            {
                if (connection == null)
                {
                    if (!hasTopics())
                    {
                        outbox.clear();
                        LockSupport.parkNanos(POLL_NS);
                        continue;
                    }
                    connection = connector.connect(System.nanoTime() + timeoutNs);
                    outbox.clear();
                    subscribeAll();
                    if (renew)
                    {
                        tellEveryone("[\"rtt-resubscribed\"," + topicCount() + "]");
                    }
                    backoffNs = FIRST_BACKOFF_NS;
                }
                final RespConnection live = connection;
                List<byte[]> args;
                while ((args = outbox.poll()) != null)
                {
                    live.send(args, System.nanoTime() + timeoutNs);
                }
                if (live.awaitReply(System.nanoTime() + POLL_NS))
                {
                    deliver(live);
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                if (closed)
                {
                    return;
                }
                LOG.warn("redis subscriptions of {}: {}; reconnecting in {} ms", componentId, ex.toString(),
                    TimeUnit.NANOSECONDS.toMillis(backoffNs));
                closeConnection();
                renew = true;
                LockSupport.parkNanos(backoffNs);
                backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
            }
        }
    }

    /** Reads one push and sends it to the clients of its channel or pattern; confirmations go nowhere. */
    private void deliver(final RespConnection live) throws IOException
    {
        answer.wrap(message);
        try (JsonGenerator json = Json.MAPPER.createGenerator(answer))
        {
            RespReply.read(live, json, maxMessageBytes, System.nanoTime() + timeoutNs);
        }
        catch (final RespReply.RedisErrorException ex)
        {
            LOG.warn("redis subscriptions of {}: the server refused a subscription: {}", componentId,
                ex.getMessage());
            return;
        }
        catch (final JacksonException ex)
        {
            if (answer.overflowed())
            {
                // the rest of the message is unread: the connection cannot be read further
                throw new IOException("a published message is larger than the route's " + maxMessageBytes +
                    "-byte message limit (maxMessageBytes)", ex);
            }
            throw ex;
        }
        final JsonNode push = Json.MAPPER.readTree(message.byteArray(), 0, answer.length());
        final String kind = push.path(0).asString("");
        final Topic topic = "message".equals(kind) ? new Topic(false, push.path(1).asString("")) :
            "pmessage".equals(kind) ? new Topic(true, push.path(1).asString("")) : null;
        if (topic == null)
        {
            return;
        }
        final List<EventSink> sinks;
        synchronized (table)
        {
            sinks = List.copyOf(table.getOrDefault(topic, Set.of()));
        }
        final UnsafeBuffer payload = new UnsafeBuffer(message, 0, answer.length());
        for (final EventSink sink : sinks)
        {
            sink.offer(payload, 0, answer.length());
        }
    }

    private boolean hasTopics()
    {
        synchronized (table)
        {
            return !table.isEmpty();
        }
    }

    private int topicCount()
    {
        synchronized (table)
        {
            return table.size();
        }
    }

    private void subscribeAll() throws IOException
    {
        final List<byte[]> channels = new ArrayList<>(List.of("SUBSCRIBE".getBytes(StandardCharsets.US_ASCII)));
        final List<byte[]> patterns = new ArrayList<>(List.of("PSUBSCRIBE".getBytes(StandardCharsets.US_ASCII)));
        synchronized (table)
        {
            for (final Topic topic : table.keySet())
            {
                (topic.pattern() ? patterns : channels).add(topic.name().getBytes(StandardCharsets.UTF_8));
            }
        }
        final RespConnection live = connection;
        for (final List<byte[]> args : List.of(channels, patterns))
        {
            if (args.size() > 1 && live != null)
            {
                live.send(args, System.nanoTime() + timeoutNs);
            }
        }
    }

    private void tellEveryone(final String event)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(event.getBytes(StandardCharsets.UTF_8));
        final Set<EventSink> everyone = new LinkedHashSet<>();
        synchronized (table)
        {
            table.values().forEach(everyone::addAll);
        }
        everyone.forEach(sink -> sink.offer(payload, 0, payload.capacity()));
    }

    private void closeConnection()
    {
        final RespConnection open = connection;
        connection = null;
        if (open != null)
        {
            try
            {
                open.close();
            }
            catch (final IOException ex)
            {
                LOG.debug("closing a failed subscription connection: {}", ex.toString());
            }
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        closed = true;
        final RespConnection live = connection;
        if (live != null)
        {
            live.wakeup();
        }
        reader.interrupt();
        reader.join(TimeUnit.NANOSECONDS.toMillis(MAX_BACKOFF_NS) + 1_000);
        closeConnection();
    }
}
