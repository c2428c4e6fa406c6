package io.rtt.engine.drivers;

/**
 * A request the backend (or the driver's own rules) refused on its merits: malformed, a statement with an error, a
 * command the driver denies, an error reply of the system. Its message becomes the error frame's text, as any
 * exception's does; unlike them it says nothing about the backend's health, so the route's circuit breaker does not
 * count it as a failure: a client that keeps sending bad requests must not cut a healthy backend off for everyone.
 * <p>
 * A driver throws anything else (an I/O failure, a timeout, a lost connection) for a backend that failed.
 */
public class RequestRefusedException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param message what was wrong with the request, for the error frame.
     */
    public RequestRefusedException(final String message)
    {
        super(message);
    }

    /**
     * A refusal, with the exception that said so.
     *
     * @param message what was wrong with the request, for the error frame.
     * @param cause   the system's or the parser's exception.
     */
    public RequestRefusedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
