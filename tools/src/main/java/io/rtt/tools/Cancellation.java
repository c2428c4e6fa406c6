package io.rtt.tools;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cancellation of one tool call: set when the client sends {@code notifications/cancelled} for the call's
 * request, read by the tool's work between steps (a scan's walker asks before each directory).
 * <p>
 * A transport creates one per {@code tools/call} request, keeps it where a cancellation notification finds it, and
 * hands it to the toolpack in the request's transport context under {@link #CONTEXT_KEY}; the toolpack calls
 * {@link #done()} when the call ends, which lets the transport forget it. A cancelled call sends no result.
 * <p>
 * Thread-safe: cancelled from the transport's thread, read from the tool's.
 */
public final class Cancellation
{
    /** The key of a call's cancellation in the MCP transport context. */
    public static final String CONTEXT_KEY = "rtt.cancellation";

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable onDone;

    /**
     * Creates the cancellation of a call.
     *
     * @param onDone run once when the call ends, e.g. to forget the call; must not throw.
     */
    public Cancellation(final Runnable onDone)
    {
        this.onDone = onDone;
    }

    /**
     * A cancellation nobody can reach: for calls outside any transport (the CLI, tests).
     *
     * @return a cancellation that only {@link #cancel()} on it sets.
     */
    public static Cancellation none()
    {
        return new Cancellation(() -> {});
    }

    /**
     * Asks the call to stop. The work stops at its next check; the call then answers nothing.
     */
    public void cancel()
    {
        cancelled.set(true);
    }

    /**
     * Whether the call was asked to stop.
     *
     * @return true once {@link #cancel()} was called.
     */
    public boolean cancelled()
    {
        return cancelled.get();
    }

    /**
     * Marks the call ended; runs the end action the first time only.
     */
    public void done()
    {
        if (done.compareAndSet(false, true))
        {
            onDone.run();
        }
    }
}
