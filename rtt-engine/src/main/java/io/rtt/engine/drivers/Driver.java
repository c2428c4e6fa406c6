package io.rtt.engine.drivers;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The serving end of a route: turns one request into one response. One thread calls a driver, however many routes
 * it serves.
 * <p>
 * A driver keeps each request within its {@link DriverContext#limits()}: work that would run longer or an answer that
 * would grow larger ends in an exception naming the limit. An exception fails one request; anything else thrown (an
 * {@link Error}) means the driver is broken: the caller closes it and starts another through its provider.
 */
public interface Driver extends AutoCloseable
{
    /**
     * Handles one request.
     *
     * @param request the request's buffer, valid during the call.
     * @param offset  where its payload starts.
     * @param length  the payload's length.
     * @param out     where the response is written, from index 0.
     * @return the response's length.
     * @throws Exception when the request fails or reaches a limit; its message becomes the error frame's text.
     */
    int handle(DirectBuffer request, int offset, int length, ExpandableArrayBuffer out) throws Exception;

    /**
     * Checks that the driver can serve: its backend answers. What a probe frame runs; it must be cheap, change
     * nothing, and stay within the driver's limits like a request.
     *
     * @throws Exception saying why the driver is not live.
     */
    default void probe() throws Exception
    {
    }

    /** Releases what the driver holds. */
    @Override
    default void close() throws Exception
    {
    }
}
