package io.rtt.engine.drivers.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.rtt.engine.json.Json;
import org.agrona.DirectBuffer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A {@code redis} driver request: a JSON array, the command's name and then its arguments, each a string (sent as
 * its UTF-8 bytes), a whole number (sent as its decimal text) or {@code {"base64":"..."}} (sent as the decoded bytes),
 * e.g. {@code ["SET","k","v"]}; or {@code {"command": [...], "readOnly": true}}, which refuses a command that is not
 * among {@link #READ_ONLY}, Redis's commands flagged {@code readonly} that cannot block.
 * <p>
 * Commands that would reach the server's files or reconfigure it, take over the connection every route to the
 * component shares, or run a script that could do either, are refused before anything is sent ({@link #DENIED}).
 */
final class RedisCommand
{
    private static final String FILES = "reaches the server's files or reconfigures it";
    private static final String SHARED = "changes the connection every route to the component shares";
    private static final String TAKEOVER = "takes the connection over from request and reply";
    private static final String SCRIPTS = "runs a script, which could do what the driver refuses";

    /** The refused commands, upper-case, and why. */
    static final Map<String, String> DENIED = denied();

    /** The commands a route serves as subscriptions ({@link RedisSubscriptions}), never on the shared connection. */
    static final Set<String> SUBSCRIPTIONS = Set.of("PSUBSCRIBE", "PUNSUBSCRIBE", "SUBSCRIBE", "UNSUBSCRIBE");

    /** What a read-only request may run: the commands Redis's command table flags {@code readonly}, none blocking. */
    static final Set<String> READ_ONLY = Set.of("BITCOUNT", "BITFIELD_RO", "BITPOS", "DBSIZE", "ECHO", "EXISTS",
        "EXPIRETIME", "GEODIST", "GEOHASH", "GEOPOS", "GEORADIUSBYMEMBER_RO", "GEORADIUS_RO", "GEOSEARCH", "GET",
        "GETBIT", "GETRANGE", "HEXISTS", "HGET", "HGETALL", "HKEYS", "HLEN", "HMGET", "HRANDFIELD", "HSCAN",
        "HSTRLEN", "HVALS", "KEYS", "LCS", "LINDEX", "LLEN", "LPOS", "LRANGE", "MGET", "PEXPIRETIME", "PFCOUNT",
        "PING", "PTTL", "RANDOMKEY", "SCAN", "SCARD", "SDIFF", "SINTER", "SINTERCARD", "SISMEMBER", "SMEMBERS",
        "SMISMEMBER", "SRANDMEMBER", "SSCAN", "STRLEN", "SUBSTR", "SUNION", "TIME", "TOUCH", "TTL", "TYPE",
        "XLEN", "XPENDING", "XRANGE", "XREVRANGE", "ZCARD", "ZCOUNT", "ZDIFF", "ZINTER", "ZINTERCARD", "ZLEXCOUNT",
        "ZMSCORE", "ZRANDMEMBER", "ZRANGE", "ZRANGEBYLEX", "ZRANGEBYSCORE", "ZRANK", "ZREVRANGE", "ZREVRANGEBYLEX",
        "ZREVRANGEBYSCORE", "ZREVRANK", "ZSCAN", "ZSCORE", "ZUNION");

    private RedisCommand()
    {
    }

    private static Map<String, String> denied()
    {
        final Map<String, String> denied = new HashMap<>();
        for (final String command : List.of("ACL", "BGREWRITEAOF", "BGSAVE", "CLUSTER", "CONFIG", "DEBUG",
            "FAILOVER", "MIGRATE", "MODULE", "REPLICAOF", "SAVE", "SHUTDOWN", "SLAVEOF"))
        {
            denied.put(command, FILES);
        }
        for (final String command : List.of("AUTH", "CLIENT", "DISCARD", "EXEC", "HELLO", "MULTI", "QUIT", "RESET",
            "SELECT", "UNWATCH", "WATCH"))
        {
            denied.put(command, SHARED);
        }
        for (final String command : List.of("MONITOR", "PSYNC", "REPLCONF", "SSUBSCRIBE", "SUNSUBSCRIBE", "SYNC"))
        {
            denied.put(command, TAKEOVER);
        }
        for (final String command : List.of("EVAL", "EVALSHA", "EVALSHA_RO", "EVAL_RO", "FCALL", "FCALL_RO",
            "FUNCTION", "SCRIPT"))
        {
            denied.put(command, SCRIPTS);
        }
        return Map.copyOf(denied);
    }

    /**
     * Reads a request and checks its command.
     *
     * @param request the request's buffer.
     * @param offset  where its payload starts.
     * @param length  the payload's length.
     * @return the command's name and arguments, as sent.
     * @throws IllegalArgumentException when it is not such an array, or its command is refused; the message says
     *                                  which and why.
     */
    static List<byte[]> parse(final DirectBuffer request, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        request.getBytes(offset, bytes);
        JsonNode array;
        try
        {
            array = Json.MAPPER.readTree(bytes);
        }
        catch (final JacksonException ex)
        {
            throw new IllegalArgumentException("a redis request is a JSON array such as [\"GET\",\"key\"]: " +
                ex.getOriginalMessage());
        }
        boolean readOnly = false;
        if (array != null && array.isObject())
        {
            final JsonNode flag = array.get("readOnly");
            if (flag != null && !flag.isBoolean() || array.size() != (flag == null ? 1 : 2))
            {
                throw new IllegalArgumentException("a redis request object is {\"command\": [...], \"readOnly\": " +
                    "true}, the command a JSON array such as [\"GET\",\"key\"]");
            }
            readOnly = flag != null && flag.booleanValue();
            array = array.get("command");
        }
        if (array == null || !array.isArray() || array.isEmpty())
        {
            throw new IllegalArgumentException("a redis request is a non-empty JSON array such as [\"GET\",\"key\"]");
        }
        final List<byte[]> args = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++)
        {
            args.add(argument(array.get(i), i));
        }
        final String command = new String(args.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        final String why = DENIED.get(command);
        if (why != null)
        {
            throw new IllegalArgumentException("command " + command + " is refused by the redis driver: it " + why);
        }
        if (SUBSCRIPTIONS.contains(command))
        {
            throw new IllegalArgumentException("command " + command + " is a subscription, served on a route of " +
                "the panel: send it there, and its messages come as event frames");
        }
        if (readOnly && !READ_ONLY.contains(command))
        {
            throw new IllegalArgumentException("command " + command + " is refused in a read-only request: it may " +
                "write or block; read-only commands are Redis's readonly ones, such as GET, MGET, HGETALL, SCAN");
        }
        return args;
    }

    /**
     * Reads a subscription request: {@code ["SUBSCRIBE","news",...]} and the like, channels and patterns as strings.
     *
     * @param request the request's buffer.
     * @param offset  where its payload starts.
     * @param length  the payload's length.
     * @return the command, upper-case, then its channels or patterns; null when the request is no subscription.
     * @throws IllegalArgumentException when a subscription's arguments are not strings.
     */
    static @Nullable List<String> subscription(final DirectBuffer request, final int offset, final int length)
    {
        if (!mentionsSubscribe(request, offset, length))
        {
            return null;
        }
        final byte[] bytes = new byte[length];
        request.getBytes(offset, bytes);
        final JsonNode array;
        try
        {
            array = Json.MAPPER.readTree(bytes);
        }
        catch (final JacksonException ex)
        {
            return null;
        }
        if (array == null || !array.isArray() || array.isEmpty() || !array.get(0).isString() ||
            !SUBSCRIPTIONS.contains(array.get(0).stringValue().toUpperCase(Locale.ROOT)))
        {
            return null;
        }
        final List<String> parts = new ArrayList<>(array.size());
        parts.add(array.get(0).stringValue().toUpperCase(Locale.ROOT));
        for (int i = 1; i < array.size(); i++)
        {
            if (!array.get(i).isString())
            {
                throw new IllegalArgumentException("a subscription's channels and patterns are strings; argument " +
                    i + " is not");
            }
            parts.add(array.get(i).stringValue());
        }
        if (parts.size() == 1 && parts.get(0).endsWith("SUBSCRIBE") && !parts.get(0).contains("UNSUBSCRIBE"))
        {
            throw new IllegalArgumentException(parts.get(0) + " names at least one channel or pattern");
        }
        return parts;
    }

    /** Whether the bytes hold {@code subscribe} in any case: the cheap test before a request is read as JSON. */
    private static boolean mentionsSubscribe(final DirectBuffer request, final int offset, final int length)
    {
        final byte[] word = {'S', 'U', 'B', 'S', 'C', 'R', 'I', 'B', 'E'};
        for (int i = offset; i <= offset + length - word.length; i++)
        {
            int k = 0;
            while (k < word.length && (request.getByte(i + k) & 0xDF) == word[k])
            {
                k++;
            }
            if (k == word.length)
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] argument(final JsonNode node, final int index)
    {
        if (node.isString())
        {
            return node.stringValue().getBytes(StandardCharsets.UTF_8);
        }
        if (node.isIntegralNumber())
        {
            return node.bigIntegerValue().toString().getBytes(StandardCharsets.US_ASCII);
        }
        if (node.isObject() && node.size() == 1 && node.path("base64").isString())
        {
            try
            {
                return Base64.getDecoder().decode(node.path("base64").stringValue());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("argument " + index + ": not base64: " + ex.getMessage());
            }
        }
        throw new IllegalArgumentException("argument " + index + " must be a string, a whole number or " +
            "{\"base64\":\"...\"}, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
}
