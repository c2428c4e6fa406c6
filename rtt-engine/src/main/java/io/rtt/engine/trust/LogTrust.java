package io.rtt.engine.trust;

import java.util.List;

import io.rtt.engine.RttException;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Verdict;
import io.rtt.engine.wal.WalFrameDescriptor;
import io.rtt.engine.wal.WalRecord;

/**
 * Checks trust when the log is read back, not only when it was written: every apply and rollback frame must carry a
 * threshold of valid signatures by keys trusted at its point of the log, and the trust history must be the one the
 * log recorded. Each {@code trust} frame names a version of the trust set by its digest; versions are recorded in
 * order from 1, so a trust history with a version missing (rolled back to restore a revoked key) or replaced (a new
 * {@code .rtt/keys/}) no longer matches the log and the log is refused. A trust set is taken on first use only while
 * the log is empty.
 * <p>
 * Stateless and thread-safe.
 */
public final class LogTrust
{
    private LogTrust()
    {
    }

    /**
     * Verifies a log's frames against the workspace's trust history.
     *
     * @param records   the log's frames, oldest first (chain and CRCs already checked).
     * @param history   the verified trust history, oldest first ({@link Keyring#history()}).
     * @param workspace this workspace's id: apply frames must name it.
     * @return the number of trust versions the log records (0 for an empty log).
     * @throws RttException {@code REFUSED} naming the first frame that does not hold.
     */
    public static long verify(final List<WalRecord> records, final List<TrustSet> history, final String workspace)
    {
        TrustSet inForce = null;
        String graph = Graph.EMPTY.digest();
        for (final WalRecord record : records)
        {
            if (!WalFrameDescriptor.FORMAT.equals(record.format()))
            {
                throw refused(record, "it is in format " + record.format() + ", which does not embed what its " +
                    "signatures cover; this RTT reads " + WalFrameDescriptor.FORMAT + " logs only");
            }
            switch (record.kind())
            {
                case WalRecord.TRUST ->
                {
                    inForce = recorded(record, history, inForce);
                    if (!record.graph().equals(graph))
                    {
                        throw refused(record, "a trust frame must leave the graph as it was (" + graph + ")");
                    }
                }
                case WalRecord.APPLY -> checkSigned(record, inForce, applied(record, workspace));
                case WalRecord.VERDICT ->
                {
                    if (!record.graph().equals(graph))
                    {
                        throw refused(record, "a verdict frame must leave the graph as it was (" + graph + ")");
                    }
                    if (!verdictDigest(record.verdict()).equals(record.plan()))
                    {
                        throw refused(record, "its verdict does not match the digest " + record.plan() + " it names");
                    }
                    checkSignedOnce(record, inForce, verdictBytes(record.prev(), record.plan(), record.graph()));
                }
                default -> checkSigned(record, inForce, rolledBack(record));
            }
            graph = record.graph();
        }
        return inForce == null ? 0 : inForce.version();
    }

    private static byte[] rolledBack(final WalRecord record)
    {
        return rollbackBytes(record.prev(), record.plan(), record.graph());
    }

    /**
     * What the signatures of a rollback frame cover.
     *
     * @param prev  the hash of the frame before it.
     * @param plan  {@code seq:N}, the frame restored.
     * @param graph the graph restored.
     * @return canonical JSON {@code ["rollback", prev, plan, graph]}.
     */
    public static byte[] rollbackBytes(final String prev, final String plan, final String graph)
    {
        return Json.canonicalBytes(List.of(WalRecord.ROLLBACK, prev, plan, graph));
    }

    /**
     * What names a verdict in its frame.
     *
     * @param verdict the verdict.
     * @return the SHA-256 of its canonical JSON, {@code sha256:<hex>}.
     */
    public static String verdictDigest(final Verdict verdict)
    {
        return Digests.sha256(Json.canonicalBytes(verdict));
    }

    /**
     * What the signatures of a verdict frame cover.
     *
     * @param prev    the hash of the frame before it.
     * @param verdict the verdict's digest.
     * @param graph   the graph, unchanged.
     * @return canonical JSON {@code ["verdict", prev, verdict, graph]}.
     */
    public static byte[] verdictBytes(final String prev, final String verdict, final String graph)
    {
        return Json.canonicalBytes(List.of(WalRecord.VERDICT, prev, verdict, graph));
    }

    /** A verdict changes nothing: one valid signature by a trusted key vouches for it, whatever the threshold. */
    private static void checkSignedOnce(final WalRecord record, final TrustSet trust, final byte[] signed)
    {
        if (trust == null)
        {
            throw refused(record, "no trust set is recorded before it");
        }
        if (Keyring.verify(trust, signed, record.signatures()).valid().isEmpty())
        {
            throw refused(record, "it carries no valid signature by a key of trust version " + trust.version());
        }
    }

    private static TrustSet recorded(final WalRecord record, final List<TrustSet> history, final TrustSet inForce)
    {
        final long expected = inForce == null ? 1 : inForce.version() + 1;
        if (record.version() != expected)
        {
            throw refused(record, "it records trust version " + record.version() + " where version " + expected +
                " comes next");
        }
        if (history.size() < expected)
        {
            throw refused(record, "it records trust version " + expected + ", which the trust history in " +
                ".rtt/keys/trust no longer has: the history was rolled back or replaced; restore it");
        }
        final TrustSet set = history.get((int)expected - 1);
        if (!set.digest().equals(record.plan()))
        {
            throw refused(record, "trust version " + expected + " in .rtt/keys/trust is " + set.digest() +
                ", not the " + record.plan() + " the log recorded: the trust history was replaced; restore it");
        }
        return set;
    }

    private static byte[] applied(final WalRecord record, final String workspace)
    {
        if (record.expires() == null || record.workspace() == null)
        {
            throw refused(record, "it does not embed the envelope its signatures cover");
        }
        if (!record.workspace().equals(workspace))
        {
            throw refused(record, "its envelope is for workspace " + record.workspace() + ", not this one (" +
                workspace + ")");
        }
        return new PlanEnvelope(PlanEnvelope.FORMAT, record.plan(), record.version(), record.expires(),
            record.workspace(), List.of()).signedBytes();
    }

    private static void checkSigned(final WalRecord record, final TrustSet trust, final byte[] signed)
    {
        if (trust == null)
        {
            throw refused(record, "no trust set is recorded before it");
        }
        final Keyring.Verification v = Keyring.verify(trust, signed, record.signatures());
        if (v.valid().size() < trust.threshold())
        {
            throw refused(record, "it carries " + v.valid().size() + " valid signatures by keys of trust version " +
                trust.version() + ", which needs " + trust.threshold());
        }
    }

    private static RttException refused(final WalRecord record, final String why)
    {
        return new RttException(RttException.Kind.REFUSED, "WAL frame " + record.seq() + " (" + record.kind() +
            ") is not trusted: " + why + "; the log is not used");
    }
}
