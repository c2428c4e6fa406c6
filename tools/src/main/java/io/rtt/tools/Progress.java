package io.rtt.tools;

/**
 * Where a tool reports how far along it is. Implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface Progress
{
    /** Progress that goes nowhere: the caller asked for none. */
    Progress NONE = (done, total, message) -> {};

    /**
     * Reports progress.
     *
     * @param done    work done so far; increases with every call.
     * @param total   total work if known, else 0.
     * @param message what is being done, in a few words.
     */
    void report(double done, double total, String message);
}
