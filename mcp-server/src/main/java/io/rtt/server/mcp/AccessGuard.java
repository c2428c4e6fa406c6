package io.rtt.server.mcp;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.rtt.engine.json.Json;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Guards every HTTP endpoint: a foreign {@code Host} or {@code Origin} (DNS rebinding) gets 403, a missing or wrong
 * bearer token 401. Both before any MCP processing, with a short JSON body and no stack trace.
 * <p>
 * Thread-safe and immutable.
 */
public final class AccessGuard implements Filter
{
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final BearerToken token;
    private final Set<String> allowedHosts;
    private final List<String> allowedOrigins;

    /**
     * Creates the guard.
     *
     * @param token          the bearer token requests must carry.
     * @param extraHost      a host name besides the loopback names that requests may address (the bind host), or
     *                       {@code null}.
     * @param allowedOrigins origins besides loopback ones whose browsers may call, e.g. {@code https://app.example}.
     */
    public AccessGuard(final BearerToken token, final String extraHost, final List<String> allowedOrigins)
    {
        this.token = token;
        this.allowedHosts = extraHost == null ? LOOPBACK :
            Set.copyOf(java.util.stream.Stream.concat(LOOPBACK.stream(), java.util.stream.Stream.of(
                extraHost.toLowerCase(Locale.ROOT))).toList());
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    public void doFilter(final ServletRequest req, final ServletResponse res, final FilterChain chain)
        throws IOException, ServletException
    {
        final HttpServletRequest request = (HttpServletRequest)req;
        final HttpServletResponse response = (HttpServletResponse)res;
        final String host = request.getHeader("Host");
        if (host == null || !allowedHosts.contains(hostName(host)))
        {
            reject(response, HttpServletResponse.SC_FORBIDDEN, "forbidden Host header: " + host);
            return;
        }
        final String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin))
        {
            reject(response, HttpServletResponse.SC_FORBIDDEN, "forbidden Origin header: " + origin);
            return;
        }
        if (!token.matches(request.getHeader("Authorization")))
        {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"rtt\"");
            reject(response, HttpServletResponse.SC_UNAUTHORIZED,
                "missing or wrong bearer token: send 'Authorization: Bearer <token>' (RTT_MCP_TOKEN or .rtt/mcp.token)");
            return;
        }
        chain.doFilter(req, res);
    }

    private boolean originAllowed(final String origin)
    {
        if (allowedOrigins.contains(origin))
        {
            return true;
        }
        try
        {
            final URI uri = URI.create(origin);
            final String scheme = uri.getScheme();
            return ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null &&
                LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    /** The host part of a Host header, without port, lower case; IPv6 keeps its brackets. */
    static String hostName(final String hostHeader)
    {
        final String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("["))
        {
            final int close = host.indexOf(']');
            return close < 0 ? host : host.substring(0, close + 1);
        }
        final int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** Writes a short JSON error body; shared with the server's error handler so no error page shows a trace. */
    static void reject(final HttpServletResponse response, final int status, final String message)
        throws IOException
    {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(Map.of("error", message)));
    }
}
