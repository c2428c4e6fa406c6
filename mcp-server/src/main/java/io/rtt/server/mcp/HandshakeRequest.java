package io.rtt.server.mcp;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * A request as far as a {@link HandshakeSnapshot} answers it: an {@code initialize} the server would accept (protocol
 * version, capabilities, and a client name and version present), or a request without params or with params but no
 * cursor; with an integer id or a plain string id.
 * <p>
 * Read by a strict JSON reader of its own rather than Jackson: the first reply must not wait for Jackson's classes,
 * which the server's own start-up, on another thread, is initialising at that moment (on JDK 25 that includes
 * {@code BigDecimal}'s table of powers of five). Any line it does not accept, valid JSON or not, is
 * {@link #UNANSWERED} and left to the server, which answers it by the full rules (errors included). Nothing on this path
 * concatenates strings with {@code +}: its bootstrap is not in the start-up archive, which is trained without a
 * snapshot.
 *
 * @param id              the id as the server writes it back: digits, or a quoted string with nothing to escape.
 * @param method          the method; empty for a line a snapshot does not answer.
 * @param protocolVersion the version an {@code initialize} asks for; empty otherwise.
 */
record HandshakeRequest(String id, String method, String protocolVersion)
{
    /** A line a snapshot does not answer. */
    static final HandshakeRequest UNANSWERED = new HandshakeRequest("", "", "");

    private static final int MAX_STRING_ID_LENGTH = 64;
    private static final int MAX_DEPTH = 64;

    /**
     * Reads one line.
     *
     * @param line one JSON-RPC message.
     * @return the request, or {@link #UNANSWERED}.
     */
    static HandshakeRequest parse(final String line)
    {
        try
        {
            return new Reader(line).request();
        }
        catch (final IllegalArgumentException ex)
        {
            return UNANSWERED;
        }
    }

    /** A request's params, as far as a snapshot needs them. */
    private static final class Params
    {
        String protocolVersion = "";
        boolean capabilities;
        boolean clientName;
        boolean clientVersion;
        boolean cursor;
    }

    /** A cursor over one line; every syntax error throws {@link IllegalArgumentException}. */
    private static final class Reader
    {
        private final String text;
        private int at;

        Reader(final String text)
        {
            this.text = text;
        }

        HandshakeRequest request()
        {
            String jsonrpc = "";
            String id = "";
            String method = "";
            Params params = new Params();
            boolean hasParams = false;
            expect('{');
            if (!consume('}'))
            {
                do
                {
                    final String name = string();
                    expect(':');
                    switch (name)
                    {
                        case "jsonrpc" -> jsonrpc = string();
                        case "id" -> id = id();
                        case "method" -> method = string();
                        case "params" ->
                        {
                            params = params();
                            hasParams = true;
                        }
                        default -> throw new IllegalArgumentException("unexpected member");
                    }
                }
                while (consume(','));
                expect('}');
            }
            skipSpace();
            if (at != text.length() || !McpSchema.JSONRPC_VERSION.equals(jsonrpc) || id.isEmpty() || method.isEmpty())
            {
                return UNANSWERED;
            }
            if (McpSchema.METHOD_INITIALIZE.equals(method))
            {
                final boolean accepted = hasParams && !params.protocolVersion.isEmpty() && params.capabilities &&
                    params.clientName && params.clientVersion;
                return accepted ? new HandshakeRequest(id, method, params.protocolVersion) : UNANSWERED;
            }
            return params.cursor ? UNANSWERED : new HandshakeRequest(id, method, "");
        }

        private String id()
        {
            skipSpace();
            if (peek() == '"')
            {
                final int start = at;
                final String value = string();
                // Only ids the server writes back exactly as they came: no escapes, a few safe characters.
                return at - start == value.length() + 2 && isPlain(value) ? "\"".concat(value).concat("\"") : "";
            }
            final int start = at;
            number();
            final String digits = text.substring(start, at);
            if (digits.indexOf('.') >= 0 || digits.indexOf('e') >= 0 || digits.indexOf('E') >= 0 ||
                digits.length() > 18)
            {
                return "";
            }
            return Long.toString(Long.parseLong(digits));
        }

        private Params params()
        {
            final Params params = new Params();
            expect('{');
            if (consume('}'))
            {
                return params;
            }
            do
            {
                final String name = string();
                expect(':');
                switch (name)
                {
                    case "protocolVersion" ->
                    {
                        final boolean isString = peekString();
                        final String value = skipValue();
                        params.protocolVersion = isString ? unquoted(value) : "";
                    }
                    case "capabilities" ->
                    {
                        params.capabilities = peekObject();
                        skipValue();
                    }
                    case "clientInfo" -> clientInfo(params);
                    case "cursor" -> params.cursor = !"null".equals(skipValue());
                    default -> skipValue();
                }
            }
            while (consume(','));
            expect('}');
            return params;
        }

        private void clientInfo(final Params params)
        {
            if (!peekObject())
            {
                skipValue();
                return;
            }
            expect('{');
            if (consume('}'))
            {
                return;
            }
            do
            {
                final String name = string();
                expect(':');
                final boolean isString = peekString();
                skipValue();
                params.clientName |= "name".equals(name) && isString;
                params.clientVersion |= "version".equals(name) && isString;
            }
            while (consume(','));
            expect('}');
        }

        /** Skips one value and returns its text as written. */
        private String skipValue()
        {
            skipSpace();
            final int start = at;
            value(0);
            return text.substring(start, at);
        }

        /** A string value read again from its text, escapes decoded. */
        private static String unquoted(final String quoted)
        {
            return new Reader(quoted).string();
        }

        private void value(final int depth)
        {
            if (depth > MAX_DEPTH)
            {
                throw new IllegalArgumentException("too deep");
            }
            skipSpace();
            final char c = peek();
            if (c == '{')
            {
                at++;
                if (!consume('}'))
                {
                    do
                    {
                        string();
                        expect(':');
                        value(depth + 1);
                    }
                    while (consume(','));
                    expect('}');
                }
            }
            else if (c == '[')
            {
                at++;
                if (!consume(']'))
                {
                    do
                    {
                        value(depth + 1);
                    }
                    while (consume(','));
                    expect(']');
                }
            }
            else if (c == '"')
            {
                string();
            }
            else if (c == '-' || c >= '0' && c <= '9')
            {
                number();
            }
            else
            {
                literal();
            }
        }

        private String string()
        {
            skipSpace();
            expect('"');
            final StringBuilder value = new StringBuilder();
            while (true)
            {
                final char c = next();
                if (c == '"')
                {
                    return value.toString();
                }
                if (c < 0x20)
                {
                    throw new IllegalArgumentException("control character in string");
                }
                if (c != '\\')
                {
                    value.append(c);
                    continue;
                }
                final char escaped = next();
                switch (escaped)
                {
                    case '"', '\\', '/' -> value.append(escaped);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' ->
                    {
                        int code = 0;
                        for (int i = 0; i < 4; i++)
                        {
                            final int digit = Character.digit(next(), 16);
                            if (digit < 0)
                            {
                                throw new IllegalArgumentException("bad \\u escape");
                            }
                            code = code * 16 + digit;
                        }
                        value.append((char)code);
                    }
                    default -> throw new IllegalArgumentException("bad escape");
                }
            }
        }

        private void number()
        {
            consume('-');
            if (!consume('0'))
            {
                digits();
            }
            if (consume('.'))
            {
                digits();
            }
            if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E'))
            {
                at++;
                if (!consume('+'))
                {
                    consume('-');
                }
                digits();
            }
        }

        private void digits()
        {
            final int start = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9')
            {
                at++;
            }
            if (at == start)
            {
                throw new IllegalArgumentException("digit expected");
            }
        }

        private void literal()
        {
            for (final String literal : new String[] {"true", "false", "null"})
            {
                if (text.startsWith(literal, at))
                {
                    at += literal.length();
                    return;
                }
            }
            throw new IllegalArgumentException("value expected");
        }

        private boolean peekString()
        {
            skipSpace();
            return peek() == '"';
        }

        private boolean peekObject()
        {
            skipSpace();
            return peek() == '{';
        }

        private char peek()
        {
            if (at >= text.length())
            {
                throw new IllegalArgumentException("unexpected end");
            }
            return text.charAt(at);
        }

        private char next()
        {
            final char c = peek();
            at++;
            return c;
        }

        private boolean consume(final char c)
        {
            skipSpace();
            if (at < text.length() && text.charAt(at) == c)
            {
                at++;
                return true;
            }
            return false;
        }

        private void expect(final char c)
        {
            if (!consume(c))
            {
                throw new IllegalArgumentException("punctuation expected");
            }
        }

        private void skipSpace()
        {
            while (at < text.length())
            {
                final char c = text.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }
                at++;
            }
        }
    }

    /** A string id with nothing to escape, which the server writes back as it came. */
    private static boolean isPlain(final String id)
    {
        if (id.isEmpty() || id.length() > MAX_STRING_ID_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < id.length(); i++)
        {
            final char c = id.charAt(i);
            final boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
                "-_.:+".indexOf(c) >= 0;
            if (!plain)
            {
                return false;
            }
        }
        return true;
    }
}
