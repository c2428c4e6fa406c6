package io.rtt.engine.scan;

/**
 * Hears how a scan is going, and may ask it to stop. Called on the scanning threads; must be fast and must not throw.
 */
@FunctionalInterface
public interface ScanListener
{
    /** A listener that ignores progress. */
    ScanListener NONE = (phase, done, total) -> {};

    /**
     * Progress within a phase.
     *
     * @param phase what the scan is doing: {@code walk}, {@code parse} or {@code assemble}.
     * @param done  units done so far in this phase (files seen while walking, manifests parsed).
     * @param total units in this phase, or 0 when not yet known (while walking).
     */
    void onProgress(String phase, long done, long total);

    /**
     * Whether the scan should stop: the walk asks before each directory and the parse before each file. A scan
     * that stops throws {@link java.util.concurrent.CancellationException} and writes nothing.
     *
     * @return true to stop the scan; false by default.
     */
    default boolean cancelled()
    {
        return false;
    }
}
