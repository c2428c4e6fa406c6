package io.rtt.server.mcp;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.modelcontextprotocol.common.McpTransportContext;
import io.rtt.engine.json.Json;
import io.rtt.tools.Cancellation;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Passes every JSON-RPC message posted over HTTP through the server's {@link CallIntake} before the SDK's servlet
 * sees it, as the stdio transport does in process: a malformed tool call is answered here ({@code 200} with the
 * JSON-RPC error on Streamable HTTP, {@code 400} on the legacy SSE message endpoint, whose replies otherwise travel
 * on the event stream), a cancellation is acted on and answered {@code 202}, and a tool call carries its
 * {@link Cancellation} to the toolpack through {@link #context(HttpServletRequest)}.
 * <p>
 * It reads the body itself, so a body over the limit is refused here, {@code 413} with plain words, whether or not
 * the request declared its length.
 * <p>
 * Thread-safe and stateless but for the intake, which is.
 */
final class CallIntakeFilter implements Filter
{
    /** The request attribute carrying a tool call's cancellation from this filter to the transport context. */
    private static final String CANCELLATION = CallIntakeFilter.class.getName() + ".cancellation";
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String SESSION_PARAMETER = "sessionId=";

    private final CallIntake intake;
    private final int maxRequestBytes;

    /**
     * Creates the filter.
     *
     * @param intake          the server's call intake.
     * @param maxRequestBytes the largest body accepted.
     */
    CallIntakeFilter(final CallIntake intake, final int maxRequestBytes)
    {
        this.intake = intake;
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * The transport context of a request: the cancellation of the tool call it carries, if it carries one.
     *
     * @param request the request as the SDK's servlet sees it.
     * @return the context.
     */
    static McpTransportContext context(final HttpServletRequest request)
    {
        return CallIntake.context((Cancellation)request.getAttribute(CANCELLATION));
    }

    @Override
    public void doFilter(final ServletRequest req, final ServletResponse res, final FilterChain chain)
        throws IOException, ServletException
    {
        final HttpServletRequest request = (HttpServletRequest)req;
        final HttpServletResponse response = (HttpServletResponse)res;
        if (!"POST".equals(request.getMethod()))
        {
            chain.doFilter(req, res);
            return;
        }
        final long declared = request.getContentLengthLong();
        final byte[] body = declared > maxRequestBytes ? null : request.getInputStream().readNBytes(maxRequestBytes + 1);
        if (body == null || body.length > maxRequestBytes)
        {
            AccessGuard.reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "the request body" +
                (declared > 0 ? " of " + declared + " bytes" : "") + " exceeds the limit of " + maxRequestBytes +
                " bytes; send one JSON-RPC message of at most that size per request");
            return;
        }
        final JsonNode message = parse(body);
        final CallIntake.Verdict verdict = message == null || !message.isObject() ? null :
            intake.accept(session(request), message);
        if (verdict != null && verdict.route() == CallIntake.Route.REPLY)
        {
            final boolean streamable = request.getRequestURI().endsWith(HttpMcpServer.MCP_PATH);
            response.setStatus(streamable ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getOutputStream().write(verdict.reply().toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (verdict != null && verdict.route() == CallIntake.Route.CONSUMED)
        {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        final Cancellation cancellation = verdict == null ? null : verdict.cancellation();
        final BufferedRequest buffered = new BufferedRequest(request, body);
        if (cancellation == null)
        {
            chain.doFilter(buffered, res);
            return;
        }
        buffered.setAttribute(CANCELLATION, cancellation);
        try
        {
            chain.doFilter(buffered, res);
        }
        finally
        {
            // The toolpack forgets the call when it ends; this covers a call the SDK refused before running it.
            if (buffered.isAsyncStarted())
            {
                buffered.getAsyncContext().addListener(new Done(cancellation));
            }
            else
            {
                cancellation.done();
            }
        }
    }

    private static JsonNode parse(final byte[] body)
    {
        try
        {
            return Json.MAPPER.readTree(body);
        }
        catch (final JacksonException ex)
        {
            return null; // the SDK answers a malformed body itself
        }
    }

    /** The session a message belongs to: Streamable HTTP names it in a header, legacy SSE in the query. */
    private static String session(final HttpServletRequest request)
    {
        final String header = request.getHeader(SESSION_HEADER);
        if (header != null)
        {
            return header;
        }
        final String query = request.getQueryString();
        if (query != null)
        {
            for (final String part : query.split("&"))
            {
                if (part.startsWith(SESSION_PARAMETER))
                {
                    return part.substring(SESSION_PARAMETER.length());
                }
            }
        }
        return "";
    }

    /** Forgets a call when its asynchronous request ends, however it ends. */
    private record Done(Cancellation cancellation) implements AsyncListener
    {
        @Override
        public void onComplete(final AsyncEvent event)
        {
            cancellation.done();
        }

        @Override
        public void onTimeout(final AsyncEvent event)
        {
            cancellation.done();
        }

        @Override
        public void onError(final AsyncEvent event)
        {
            cancellation.done();
        }

        @Override
        public void onStartAsync(final AsyncEvent event)
        {
        }
    }

    /** The request with its body read once, here, and served again to the SDK's servlet. */
    private static final class BufferedRequest extends HttpServletRequestWrapper
    {
        private final byte[] body;

        BufferedRequest(final HttpServletRequest request, final byte[] body)
        {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream()
        {
            final ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream()
            {
                @Override
                public int read()
                {
                    return in.read();
                }

                @Override
                public int read(final byte[] buffer, final int offset, final int length)
                {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished()
                {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady()
                {
                    return true;
                }

                @Override
                public void setReadListener(final ReadListener listener)
                {
                    throw new IllegalStateException("the body is already read: read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader()
        {
            final String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}
