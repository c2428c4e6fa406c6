package io.rtt.engine.fabric;

/**
 * The serving end answered a request with an error frame: its driver failed, the route refused the request (rate
 * limit, overload) or its deadline passed before it ran.
 */
public final class RouteErrorException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the error frame's text.
     */
    public RouteErrorException(final String message)
    {
        super(message);
    }
}
