package io.rtt.engine.flight;

import java.util.List;
import java.util.Objects;

/**
 * A panel's flight recording as its control socket describes it: whether it runs, its bounds, and the dumps kept.
 *
 * @param running       whether the panel keeps a recording (false when it was started without one).
 * @param startedAt     when the recording started, ISO-8601 UTC; empty when none runs.
 * @param sizeBytes     bytes the recording holds in the JVM's repository so far, as JFR counts them (the chunk in
 *                      progress counts once it is finished).
 * @param maxAgeSeconds how far back it keeps events.
 * @param maxSizeBytes  the most it keeps, in bytes.
 * @param directory     where dumps go.
 * @param maxDumps      how many dumps are kept: the oldest beyond it is deleted by the next dump.
 * @param dumps         the dumps there, newest first.
 */
public record RecordingStatus(boolean running, String startedAt, long sizeBytes, long maxAgeSeconds,
    long maxSizeBytes, String directory, int maxDumps, List<Dump> dumps)
{
    /**
     * Checks the status and freezes its dumps.
     */
    public RecordingStatus
    {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(directory, "directory");
        dumps = List.copyOf(dumps);
    }

    /**
     * One dump of a recording.
     *
     * @param path  the {@code .jfr} file.
     * @param bytes its size.
     */
    public record Dump(String path, long bytes)
    {
        /**
         * Checks the dump.
         */
        public Dump
        {
            Objects.requireNonNull(path, "path");
        }
    }
}
