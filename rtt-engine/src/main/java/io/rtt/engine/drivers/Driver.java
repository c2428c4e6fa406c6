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
     * How many requests {@link #handleBatch} takes at once.
     *
     * @return 1, the default, for a driver that handles one request at a time; more for one that pipelines.
     */
    default int batchLimit()
    {
        return 1;
    }

    /**
     * Handles several requests at once, for a driver whose {@link #batchLimit()} is above 1: each gets its outcome
     * through the batch. Called with no more than {@link #batchLimit()} requests, by the thread that calls
     * {@link #handle}.
     *
     * @param batch the requests, and where their outcomes go.
     * @throws Exception when the system failed (a lost connection, a deadline): every request not yet answered or
     *                   refused fails with its message.
     */
    default void handleBatch(final DriverBatch batch) throws Exception
    {
        throw new UnsupportedOperationException("this driver takes one request at a time (batchLimit 1)");
    }

    /**
     * Whether a request starts or ends a subscription (Redis's {@code SUBSCRIBE}), which {@link #subscribe} serves
     * instead of {@link #handle}: its answer comes at once, and what the system publishes later reaches the client as
     * event frames.
     *
     * @param request the request's buffer.
     * @param offset  where its payload starts.
     * @param length  the payload's length.
     * @return true for a subscription request; false, the default, for a driver without subscriptions.
     */
    default boolean subscribes(final DirectBuffer request, final int offset, final int length)
    {
        return false;
    }

    /**
     * Serves a subscription request: subscribes the client, or ends its subscription, and answers.
     *
     * @param request the request's buffer, valid during the call.
     * @param offset  where its payload starts.
     * @param length  the payload's length.
     * @param client  where what the system publishes goes, as event frames, from then on.
     * @param out     where the answer is written, from index 0.
     * @return the answer's length.
     * @throws Exception when the request is refused or the system fails, as for {@link #handle}.
     */
    default int subscribe(final DirectBuffer request, final int offset, final int length, final EventSink client,
        final ExpandableArrayBuffer out) throws Exception
    {
        throw new UnsupportedOperationException("this driver has no subscriptions");
    }

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
