package io.rtt.engine.wal;

import java.util.List;
import java.util.Objects;

import io.rtt.engine.model.Signature;
import io.rtt.engine.model.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * What a caller commits to the WAL; the log adds the frame's number, its link to the previous frame and the format.
 * Each kind embeds exactly what its signatures cover, so every reader can check them again:
 * <ul>
 *     <li>{@code apply}: a plan's envelope ({@code plan}, {@code version}, {@code expires}, {@code workspace});</li>
 *     <li>{@code rollback}: the canonical array {@code ["rollback", prev, plan, graph]} of the frame itself;</li>
 *     <li>{@code trust}: a version of the trust set ({@code version}), named by its digest ({@code plan}); the set's
 *     own signatures, by the version before it, stay in the trust history. It leaves the graph as it was.</li>
 *     <li>{@code verdict}: a decision RTT took by itself ({@code verdict}), named by its digest ({@code plan}); its
 *     signatures cover the canonical array {@code ["verdict", prev, plan, graph]}. It leaves the graph as it
 *     was.</li>
 * </ul>
 *
 * @param kind       {@link WalRecord#APPLY}, {@link WalRecord#ROLLBACK} or {@link WalRecord#TRUST}.
 * @param plan       the plan id, {@code seq:N} for a rollback, the trust set's digest for a trust frame.
 * @param graph      digest of the graph committed (for a trust frame, the head graph unchanged).
 * @param version    the envelope version (rollbacks: the last applied; trust frames: the trust set's version).
 * @param expires    the envelope's expiry for an apply frame, else {@code null}.
 * @param workspace  the envelope's workspace id for an apply frame, else {@code null}.
 * @param signatures the signatures that authorise the frame (none on a trust frame).
 * @param time       the commit time, ISO-8601 UTC.
 * @param verdict    the decision of a {@code verdict} frame, else {@code null}.
 */
public record WalEntry(String kind, String plan, String graph, long version, String expires, String workspace,
    List<Signature> signatures, String time, @Nullable Verdict verdict)
{
    /**
     * An entry of any kind but {@code verdict}.
     *
     * @param kind       {@link WalRecord#APPLY}, {@link WalRecord#ROLLBACK} or {@link WalRecord#TRUST}.
     * @param plan       as the record's.
     * @param graph      as the record's.
     * @param version    as the record's.
     * @param expires    as the record's.
     * @param workspace  as the record's.
     * @param signatures as the record's.
     * @param time       as the record's.
     */
    public WalEntry(final String kind, final String plan, final String graph, final long version,
        final String expires, final String workspace, final List<Signature> signatures, final String time)
    {
        this(kind, plan, graph, version, expires, workspace, signatures, time, null);
    }

    /**
     * Validates the entry.
     */
    public WalEntry
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(time, "time");
        signatures = List.copyOf(signatures);
    }
}
