package io.rtt.engine.fabric;

/**
 * What a lane tells its error handler when a client made it refuse, drop or reset something: the cause, and a message
 * that names the lane and the values involved. Not thrown at callers.
 */
public final class LaneFaultException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final LaneFault fault;

    /**
     * @param fault   the cause.
     * @param message what happened, with the values.
     */
    public LaneFaultException(final LaneFault fault, final String message)
    {
        super(message, null, false, false);
        this.fault = fault;
    }

    /**
     * The cause.
     *
     * @return the fault.
     */
    public LaneFault fault()
    {
        return fault;
    }
}
