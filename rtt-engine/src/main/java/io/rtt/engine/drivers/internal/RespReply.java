package io.rtt.engine.drivers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.core.JsonGenerator;

/**
 * A RESP2 reply, read from a connection and written as JSON as it is read:
 * <ul>
 *     <li>simple string ({@code +OK}) and bulk string: a JSON string when the bytes are valid UTF-8, else
 *     {@code {"base64":"..."}};</li>
 *     <li>integer: a JSON number;</li>
 *     <li>null bulk string and null array: {@code null};</li>
 *     <li>array: a JSON array of its elements;</li>
 *     <li>error: thrown as {@link RedisErrorException} with Redis's message when it is the whole reply; within an
 *     array (a transaction's results), {@code {"error":"..."}}.</li>
 * </ul>
 */
final class RespReply
{
    /** Deepest nesting of arrays read; Redis's own replies nest a few levels. */
    static final int MAX_DEPTH = 64;

    private RespReply()
    {
    }

    /**
     * Reads one whole reply and writes it.
     *
     * @param connection where the reply comes from.
     * @param json       where it is written.
     * @param maxBytes   the largest string, line or element count read.
     * @param deadlineNs when to give up, by {@link System#nanoTime()}.
     * @throws RedisErrorException when the reply is an error; the reply was read whole, the connection can go on.
     * @throws IOException         when it does not come in time, is malformed, too large or the connection closed;
     *                             the connection is then spent.
     */
    static void read(final RespConnection connection, final JsonGenerator json, final int maxBytes,
        final long deadlineNs) throws IOException, RedisErrorException
    {
        read(connection, json, maxBytes, deadlineNs, 0);
    }

    private static void read(final RespConnection connection, final JsonGenerator json, final int maxBytes,
        final long deadlineNs, final int depth) throws IOException, RedisErrorException
    {
        final byte type = connection.readByte(deadlineNs);
        switch (type)
        {
            case '+' -> text(json, connection.readLine(maxBytes, deadlineNs));
            case '-' ->
            {
                final String message = new String(connection.readLine(maxBytes, deadlineNs), StandardCharsets.UTF_8);
                if (depth == 0)
                {
                    throw new RedisErrorException(message);
                }
                json.writeStartObject();
                json.writeStringProperty("error", message);
                json.writeEndObject();
            }
            case ':' -> json.writeNumber(number(connection.readLine(maxBytes, deadlineNs)));
            case '$' ->
            {
                final long length = number(connection.readLine(maxBytes, deadlineNs));
                if (length < 0)
                {
                    json.writeNull();
                }
                else if (length > maxBytes)
                {
                    throw new RespConnection.ReplyTooLargeException(maxBytes);
                }
                else
                {
                    text(json, connection.readBulk((int)length, deadlineNs));
                }
            }
            case '*' ->
            {
                final long count = number(connection.readLine(maxBytes, deadlineNs));
                if (count < 0)
                {
                    json.writeNull();
                    return;
                }
                if (count > maxBytes || depth >= MAX_DEPTH)
                {
                    throw new RespConnection.ReplyTooLargeException(maxBytes);
                }
                json.writeStartArray();
                for (long i = 0; i < count; i++)
                {
                    read(connection, json, maxBytes, deadlineNs, depth + 1);
                }
                json.writeEndArray();
            }
            default -> throw new IOException("RESP protocol error: unknown reply type 0x" +
                Integer.toHexString(type & 0xFF));
        }
    }

    /** A string as JSON text when it is UTF-8, else as base64 under a marker that no string can be mistaken for. */
    private static void text(final JsonGenerator json, final byte[] bytes)
    {
        try
        {
            json.writeString(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        }
        catch (final CharacterCodingException ex)
        {
            json.writeStartObject();
            json.writeStringProperty("base64", Base64.getEncoder().encodeToString(bytes));
            json.writeEndObject();
        }
    }

    private static long number(final byte[] line) throws IOException
    {
        try
        {
            return Long.parseLong(new String(line, StandardCharsets.US_ASCII));
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException("RESP protocol error: not a number: " +
                new String(line, StandardCharsets.US_ASCII), ex);
        }
    }

    /** Redis answered with an error: its message, as the error frame's text. */
    static final class RedisErrorException extends Exception
    {
        private static final long serialVersionUID = 1L;

        RedisErrorException(final String message)
        {
            super(message);
        }
    }
}
