package io.rtt.engine.fabric;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error handler of a long-running loop: logs each error (a warning, with its role) and counts it, so the loop can
 * carry on.
 * <p>
 * Thread-safe.
 */
public final class CountingErrorHandler implements ErrorHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(CountingErrorHandler.class);

    private final String role;
    private final AtomicLong errors = new AtomicLong();

    /**
     * @param role names the loop in the log, e.g. {@code rtt-panel-watch}.
     */
    public CountingErrorHandler(final String role)
    {
        this.role = role;
    }

    /**
     * Logs and counts one error.
     *
     * @param error what went wrong.
     */
    @Override
    public void onError(final Throwable error)
    {
        errors.incrementAndGet();
        LOG.warn("{}: {}", role, error.toString());
    }

    /**
     * Errors counted so far.
     *
     * @return the count.
     */
    public long errorCount()
    {
        return errors.get();
    }
}
