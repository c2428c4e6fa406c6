package io.rtt.server.cli;

import io.rtt.engine.RttException;

/**
 * The exit codes every {@code rtt} verb uses. They are API: scripts rely on them.
 */
public final class ExitCodes
{
    /** The work was done. */
    public static final int OK = 0;
    /** The work failed (I/O, a bug): see the message on stderr. */
    public static final int FAILED = 1;
    /** Bad input: an unknown option, a missing argument, a path that does not exist. Fix the command line. */
    public static final int BAD_INPUT = 2;
    /** Refused by policy, e.g. a path outside the workspace. */
    public static final int REFUSED = 3;
    /** Interrupted (SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitCodes()
    {
    }

    /**
     * The exit code for an engine failure.
     *
     * @param kind what went wrong.
     * @return the code.
     */
    public static int of(final RttException.Kind kind)
    {
        return switch (kind)
        {
            case BAD_INPUT -> BAD_INPUT;
            case REFUSED -> REFUSED;
            case IO, INTERNAL -> FAILED;
        };
    }
}
