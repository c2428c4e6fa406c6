package io.rtt.engine.scan.internal;

/**
 * Reads one kind of manifest into findings. A malformed file becomes a diagnostic, never an exception.
 * <p>
 * Implementations are stateless and thread-safe.
 */
public interface Cataloger
{
    /**
     * Whether this cataloger reads files of this name.
     *
     * @param fileName the file's name without directory.
     * @return true if {@link #read} should be called for it.
     */
    boolean accepts(String fileName);

    /**
     * Reads a manifest.
     *
     * @param file     the manifest.
     * @param findings where to record what was found.
     */
    void read(ManifestFile file, Findings findings);
}
