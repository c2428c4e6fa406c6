package io.rtt.engine.wal;

import java.util.List;
import java.util.Objects;

import io.rtt.engine.model.Signature;

/**
 * The body of a WAL frame: what was committed, on top of what, by whose signatures.
 *
 * @param format     {@value WalFrameDescriptor#FORMAT}.
 * @param seq        1-based position in the log.
 * @param prev       SHA-256 of the previous frame's bytes, {@link WalFrameDescriptor#GENESIS} for the first.
 * @param kind       {@code apply} or {@code rollback}.
 * @param plan       id of the plan applied, or of the frame rolled back to ({@code seq:N}).
 * @param graph      digest of the graph committed; its bytes are in {@code .rtt/objects/}.
 * @param signatures the signatures that authorised the frame.
 * @param version    the version of the plan's envelope (rollbacks carry the version they restore under).
 * @param time       when it was committed, ISO-8601 UTC.
 */
public record WalRecord(
    String format, long seq, String prev, String kind, String plan, String graph, long version,
    List<Signature> signatures, String time)
{
    /** An apply frame. */
    public static final String APPLY = "apply";
    /** A rollback frame. */
    public static final String ROLLBACK = "rollback";

    /**
     * Validates the record.
     */
    public WalRecord
    {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(prev, "prev");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(time, "time");
        signatures = List.copyOf(signatures);
        if (seq < 1)
        {
            throw new IllegalArgumentException("seq < 1: " + seq);
        }
        if (!APPLY.equals(kind) && !ROLLBACK.equals(kind))
        {
            throw new IllegalArgumentException("kind must be apply or rollback: " + kind);
        }
    }
}
