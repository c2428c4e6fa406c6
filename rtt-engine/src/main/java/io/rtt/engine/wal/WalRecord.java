package io.rtt.engine.wal;

import java.util.List;
import java.util.Objects;

import io.rtt.engine.model.Signature;
import io.rtt.engine.model.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * The body of a WAL frame: what was committed, on top of what, by whose signatures.
 *
 * @param format     {@value WalFrameDescriptor#FORMAT}.
 * @param seq        1-based position in the log.
 * @param prev       SHA-256 of the previous frame's bytes, {@link WalFrameDescriptor#GENESIS} for the first.
 * @param kind       {@code apply}, {@code rollback}, {@code trust} or {@code verdict} (see {@link WalEntry}).
 * @param plan       id of the plan applied, of the frame rolled back to ({@code seq:N}), or the trust set's digest.
 * @param graph      digest of the graph committed; its bytes are in {@code .rtt/objects/}.
 * @param version    the version of the plan's envelope (rollbacks carry the version they restore under; trust
 *                   frames the trust set's version).
 * @param expires    the applied envelope's expiry ({@code apply} only).
 * @param workspace  the applied envelope's workspace id ({@code apply} only).
 * @param signatures the signatures that authorised the frame.
 * @param time       when it was committed, ISO-8601 UTC.
 * @param verdict    the decision a {@code verdict} frame records, else {@code null} (and absent from the bytes).
 */
public record WalRecord(
    String format, long seq, String prev, String kind, String plan, String graph, long version, String expires,
    String workspace, List<Signature> signatures, String time, @Nullable Verdict verdict)
{
    /** An apply frame. */
    public static final String APPLY = "apply";
    /** A rollback frame. */
    public static final String ROLLBACK = "rollback";
    /** A frame recording a version of the trust set. */
    public static final String TRUST = "trust";
    /** A frame recording a decision taken by RTT itself (a canary's, a verify's), with its numbers. */
    public static final String VERDICT = "verdict";

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
        if (!APPLY.equals(kind) && !ROLLBACK.equals(kind) && !TRUST.equals(kind) && !VERDICT.equals(kind))
        {
            throw new IllegalArgumentException("kind must be apply, rollback, trust or verdict: " + kind);
        }
        if (VERDICT.equals(kind) != (verdict != null))
        {
            throw new IllegalArgumentException("a verdict frame, and only one, carries a verdict: kind " + kind);
        }
    }
}
