package io.rtt.engine.model;

import java.util.Objects;

/**
 * A file the scan read, with the digest of its bytes, so a re-scan can tell what changed.
 *
 * @param path   workspace-relative path.
 * @param digest {@code sha256:<hex>} of its content.
 */
public record SourceFile(String path, String digest) implements Comparable<SourceFile>
{
    /**
     * Validates the record.
     */
    public SourceFile
    {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(digest, "digest");
    }

    @Override
    public int compareTo(final SourceFile other)
    {
        return path.compareTo(other.path);
    }
}
