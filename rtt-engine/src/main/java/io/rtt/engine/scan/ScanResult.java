package io.rtt.engine.scan;

import java.util.Objects;

import io.rtt.engine.model.SymbolIndex;

/**
 * The outcome of a scan.
 *
 * @param index        what was found.
 * @param digest       {@code sha256:} of the index's canonical bytes.
 * @param filesVisited files the walk looked at (after ignore rules).
 * @param fromCache    whether the tree was unchanged and the previous result reused without parsing.
 */
public record ScanResult(SymbolIndex index, String digest, long filesVisited, boolean fromCache)
{
    /**
     * Validates the result.
     */
    public ScanResult
    {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(digest, "digest");
    }
}
