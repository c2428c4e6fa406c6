package io.rtt.engine.scan;

/**
 * Hears how a scan is going. Called on the scanning thread; must be fast and must not throw.
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
}
