package io.rtt.engine.fabric;

/**
 * A send on a lane that was closed, or whose peer went away.
 */
public final class LaneClosedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message which lane, and why.
     */
    public LaneClosedException(final String message)
    {
        super(message);
    }
}
