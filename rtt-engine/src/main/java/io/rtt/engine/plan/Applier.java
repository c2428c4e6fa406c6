package io.rtt.engine.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.flight.FlightEvents;
import io.rtt.engine.fs.ExclusiveFileLock;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Signature;
import io.rtt.engine.model.Verdict;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.trust.Keys;
import io.rtt.engine.trust.LogTrust;
import io.rtt.engine.trust.PlanEnvelope;
import io.rtt.engine.trust.TrustSet;
import io.rtt.engine.trust.WorkspaceIdentity;
import io.rtt.engine.wal.Wal;
import io.rtt.engine.wal.WalEntry;
import io.rtt.engine.wal.WalRecord;
import org.jspecify.annotations.Nullable;

/**
 * Signs, applies and rolls back plans. Apply commits a plan only if its envelope carries a threshold of distinct
 * trusted, valid signatures, has not expired, names this workspace and a version above the last applied, and the
 * plan's base is the WAL head; then it stores the graph and appends one fsync'd WAL frame, the commit point. One
 * apply at a time: an OS file lock, which a crashed process cannot leave held. Each commit emits a flight recorder
 * event ({@link FlightEvents#apply}, {@link FlightEvents#rollback}) into whatever recording runs in this process.
 * <p>
 * Thread-safe per workspace through the lock; the clock is injected so expiry is testable.
 */
public final class Applier
{
    /**
     * The WAL head.
     *
     * @param seq   the last frame's sequence number; 0 for an empty log.
     * @param graph the graph committed there.
     */
    public record Head(long seq, Graph graph)
    {
    }

    /**
     * The outcome of an apply or rollback.
     *
     * @param committed whether a frame was appended (false for a dry run).
     * @param seq       the frame's sequence number (the next one, for a dry run).
     * @param graph     the graph committed.
     * @param version   the envelope version.
     */
    public record Outcome(boolean committed, long seq, String graph, long version)
    {
    }

    private final Workspace workspace;
    private final Clock clock;

    /**
     * Creates an applier.
     *
     * @param workspace the workspace.
     * @param clock     the clock that decides expiry and stamps frames.
     */
    public Applier(final Workspace workspace, final Clock clock)
    {
        this.workspace = workspace;
        this.clock = clock;
    }

    /**
     * Signs a plan with a local key, adding to (or creating) its envelope. An envelope at or below the last applied
     * version is spent (its plan was applied, then rolled back, or a later plan went first): with {@code version} 0 a
     * new envelope at the next version replaces it, so the same plan can be applied again.
     *
     * @param plan      the plan.
     * @param keyName   the local key to sign with, or {@code null} for the only one.
     * @param version   the envelope version, or 0 for one above the last applied.
     * @param validFor  how long the signature authorises.
     * @return the envelope written.
     * @throws RttException {@code BAD_INPUT} if the key is missing or ambiguous, or the existing envelope disagrees.
     */
    public PlanEnvelope sign(
        final Plan plan, final @Nullable String keyName, final long version, final java.time.Duration validFor)
    {
        final List<Keyring.LocalKey> keys = Keyring.of(workspace).localKeys();
        final Keyring.LocalKey key = keys.stream().filter(k -> keyName == null || k.name().equals(keyName))
            .reduce((a, b) ->
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "several local keys; name one with --key: " +
                    keys.stream().map(Keyring.LocalKey::name).toList());
            })
            .orElseThrow(() -> new RttException(RttException.Kind.BAD_INPUT, keyName == null ?
                "no local key: create one with `rtt keys init`" : "no local key named " + keyName));
        final PlanFiles files = new PlanFiles(workspace);
        final long last = lastVersion();
        PlanEnvelope envelope = files.envelope(plan.id());
        // an envelope at or below the last applied version was spent (the plan was applied, then rolled back): the
        // same plan is authorised again at a new version, by new signatures
        if (envelope == null || envelope.version() <= last && version == 0)
        {
            final long next = version > 0 ? version : last + 1;
            envelope = new PlanEnvelope(PlanEnvelope.FORMAT, plan.id(), next,
                clock.instant().plus(validFor).toString(), WorkspaceIdentity.of(workspace), List.of());
        }
        else if (version > 0 && version != envelope.version())
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "the envelope of " + plan.id() + " is for version " +
                envelope.version() + "; every signer signs the same version");
        }
        final PlanEnvelope signed = envelope.with(new Signature(key.id(), Keys.sign(key.key(), envelope.signedBytes())));
        files.write(signed);
        return signed;
    }

    /**
     * Applies a plan.
     *
     * @param plan   the plan, read with {@link PlanFiles#read(Path)}.
     * @param dryRun whether to check everything and commit nothing.
     * @return the outcome.
     * @throws RttException {@code REFUSED} with the rule broken: unsigned, too few trusted signatures, expired,
     *                      other workspace, replayed version, stale base, another apply running.
     */
    public Outcome apply(final Plan plan, final boolean dryRun)
    {
        final PlanEnvelope envelope = new PlanFiles(workspace).envelope(plan.id());
        if (envelope == null)
        {
            throw refused("plan " + plan.id() + " is unsigned: sign it with `rtt sign " +
                new PlanFiles(workspace).planFile(plan.id()) + "`");
        }
        if (!envelope.plan().equals(plan.id()))
        {
            throw refused("the envelope authorises plan " + envelope.plan() + ", not " + plan.id());
        }
        try (ExclusiveFileLock lock = lock(); Wal wal = Wal.open(workspace.layout().walDir()))
        {
            final TrustHistory trust = trust(wal);
            checkEnvelope(envelope, trust.current());
            final long last = lastVersion(wal);
            if (envelope.version() <= last)
            {
                throw refused("envelope version " + envelope.version() + " is not above the last applied version " +
                    last + ": an older plan cannot be replayed; to apply this plan again, sign it anew with `rtt sign " +
                    new PlanFiles(workspace).planFile(plan.id()) + "` (it is then authorised at version " +
                    (last + 1) + ")");
            }
            final String head = headGraph(wal);
            if (!plan.base().equals(head))
            {
                throw refused("stale plan: it was made against graph " + plan.base() + " but the WAL head (frame " +
                    wal.frames().size() + ") is graph " + head + "; run `rtt plan` again");
            }
            if (dryRun)
            {
                return new Outcome(false, wal.frames().size() + 1L, plan.graph(), envelope.version());
            }
            new ObjectStore(workspace).put(plan.desired());
            record(wal, trust);
            final Wal.Frame frame = wal.append(new WalEntry(WalRecord.APPLY, plan.id(), plan.graph(),
                envelope.version(), envelope.expires(), envelope.workspace(), envelope.signatures(),
                clock.instant().toString()));
            FlightEvents.apply(frame.record().seq(), plan.id(), keyIds(envelope.signatures()));
            return new Outcome(true, frame.record().seq(), plan.graph(), envelope.version());
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "apply lock: " + ex, ex);
        }
    }

    /**
     * Rolls back to the graph of an earlier frame, by a new frame signed with the local trusted keys.
     *
     * @param toSeq  the frame whose graph to restore (0: the empty graph), or -1 for the graph before the last change.
     * @param dryRun whether to commit nothing.
     * @return the outcome.
     * @throws RttException {@code BAD_INPUT} for a frame that does not exist, {@code REFUSED} if the local keys do
     *                      not reach the trust threshold.
     */
    public Outcome rollback(final long toSeq, final boolean dryRun)
    {
        try (ExclusiveFileLock lock = lock(); Wal wal = Wal.open(workspace.layout().walDir()))
        {
            final TrustHistory history = trust(wal);
            final TrustSet trust = history.current();
            final List<Keyring.LocalKey> signers = Keyring.of(workspace).localKeys().stream()
                .filter(key -> trust.key(key.id()) != null).toList();
            return rollback(wal, history, toSeq, signers, dryRun);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "apply lock: " + ex, ex);
        }
    }

    /** The key ids of some signatures, comma-separated, as the flight recorder's events carry them. */
    private static String keyIds(final List<Signature> signatures)
    {
        return String.join(",", signatures.stream().map(Signature::keyId).toList());
    }

    /**
     * Records a verdict RTT took by itself in the log, signed by the automation key of {@code rtt.yaml}, and, when
     * the verdict undoes the change and the policy lets RTT roll back, rolls back to the frame before the change
     * judged, signed by the same key.
     *
     * @param verdict what was decided, with its numbers.
     * @return the outcome: the rollback's when it rolled back, else the verdict frame's.
     * @throws RttException {@code REFUSED} when rtt.yaml names no automation key, the key is not a trusted local
     *                      key, or a rollback is due but not allowed (the message says which human command finishes
     *                      it); nothing is written then.
     */
    public Outcome decide(final Verdict verdict)
    {
        final AutomationPolicy policy = AutomationPolicy.load(workspace);
        final String finish = "finish it by hand: `rtt rollback --to " + (verdict.frame() - 1) + " " +
            workspace.root() + "`";
        if (policy.key() == null)
        {
            throw refused("rtt.yaml names no automation key, so RTT records no verdict by itself" +
                (Verdict.ROLLBACK.equals(verdict.decision()) ? "; " + finish : ""));
        }
        try (ExclusiveFileLock lock = lock(); Wal wal = Wal.open(workspace.layout().walDir()))
        {
            final TrustHistory history = trust(wal);
            final TrustSet trust = history.current();
            final Keyring.LocalKey key = Keyring.of(workspace).localKeys().stream()
                .filter(k -> k.name().equals(policy.key())).findFirst()
                .orElseThrow(() -> refused("rtt.yaml's automation key " + policy.key() + " is not a local key " +
                    "(create it with `rtt keys init --name " + policy.key() + "` and trust it)"));
            if (trust.key(key.id()) == null)
            {
                throw refused("rtt.yaml's automation key " + policy.key() + " (" + key.id() + ") is not trusted");
            }
            final boolean rollBack = Verdict.ROLLBACK.equals(verdict.decision());
            if (rollBack && (!policy.rollback() || trust.threshold() > 1))
            {
                throw refused(!policy.rollback() ? "rtt.yaml does not let RTT roll back by itself " +
                    "(automation.rollback); " + finish : "a rollback needs " + trust.threshold() + " signatures " +
                    "and RTT holds one automation key; " + finish);
            }
            if (verdict.frame() > wal.frames().size())
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "the verdict judges frame " + verdict.frame() +
                    " and the log has " + wal.frames().size());
            }
            if (rollBack && lastChange(wal.frames()) != verdict.frame())
            {
                throw refused("the log moved on since frame " + verdict.frame() + " (its last change is frame " +
                    lastChange(wal.frames()) + "): RTT rolls back only the change it judged; " + finish);
            }
            record(wal, history);
            final String digest = LogTrust.verdictDigest(verdict);
            final String graph = headGraph(wal);
            final Wal.Frame frame = wal.append(new WalEntry(WalRecord.VERDICT, digest, graph, lastVersion(wal),
                null, null, List.of(new Signature(key.id(), Keys.sign(key.key(),
                LogTrust.verdictBytes(wal.head(), digest, graph)))), clock.instant().toString(), verdict));
            return rollBack ? rollback(wal, history, verdict.frame() - 1, List.of(key), false) :
                new Outcome(true, frame.record().seq(), graph, lastVersion(wal));
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "apply lock: " + ex, ex);
        }
    }

    /** Rolls back under the lock, signed by the given keys. */
    private Outcome rollback(final Wal wal, final TrustHistory history, final long toSeq,
        final List<Keyring.LocalKey> signers, final boolean dryRun)
    {
        final TrustSet trust = history.current();
        final List<Wal.Frame> frames = wal.frames();
        if (toSeq < -1)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "the frame to roll back to must be 0 (the empty " +
                "graph) or a frame number, got " + toSeq);
        }
        final long target = toSeq >= 0 ? toSeq : lastChange(frames) - 1L;
        if (frames.isEmpty() || target < 0 || target > frames.size())
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "no frame " + target + " to roll back to (the log has " +
                frames.size() + " frames; 0 is the empty graph)");
        }
        final String graph = target == 0 ? Graph.EMPTY.digest() : frames.get((int)target - 1).record().graph();
        new ObjectStore(workspace).get(graph); // the graph must still be there to restore
        final long version = lastVersion(wal);
        if (signers.size() < trust.threshold())
        {
            throw refused("rollback needs " + trust.threshold() + " signatures from trusted keys; this workspace " +
                "holds " + signers.size());
        }
        if (dryRun)
        {
            return new Outcome(false, frames.size() + 1L, graph, version);
        }
        record(wal, history);
        final byte[] payload = LogTrust.rollbackBytes(wal.head(), "seq:" + target, graph);
        final List<Signature> signatures = new ArrayList<>();
        for (final Keyring.LocalKey key : signers)
        {
            signatures.add(new Signature(key.id(), Keys.sign(key.key(), payload)));
        }
        final Wal.Frame frame = wal.append(new WalEntry(WalRecord.ROLLBACK, "seq:" + target, graph, version, null,
            null, signatures, clock.instant().toString()));
        FlightEvents.rollback(frame.record().seq(), target, target == 0 ? "" : frames.get((int)target - 1).record()
            .plan(), keyIds(signatures));
        return new Outcome(true, frame.record().seq(), graph, version);
    }

    /**
     * The graph at the WAL head.
     *
     * @return the head graph, the empty graph for an empty log.
     * @throws RttException if the log or the object is damaged.
     */
    public Graph head()
    {
        return committedHead().graph();
    }

    /**
     * The WAL head: its last frame's sequence number and the graph committed there, read together.
     *
     * @return the head; sequence 0 and the empty graph for an empty log.
     * @throws RttException if the log or the object is damaged.
     */
    public Head committedHead()
    {
        try (Wal wal = Wal.open(workspace.layout().walDir()))
        {
            verified(wal);
            final List<Wal.Frame> frames = wal.frames();
            return new Head(frames.isEmpty() ? 0 : frames.get(frames.size() - 1).record().seq(),
                new ObjectStore(workspace).get(headGraph(wal)));
        }
    }

    /**
     * Records in the log every version of the trust set it does not record yet (after a key is made, trusted or
     * revoked), so that the trust history is bound to the log from then on.
     *
     * @return the number of trust frames appended.
     * @throws RttException {@code REFUSED} if the log or the trust history does not verify, or another apply runs;
     *                      {@code IO} on write errors.
     */
    public int recordTrust()
    {
        try (ExclusiveFileLock lock = lock(); Wal wal = Wal.open(workspace.layout().walDir()))
        {
            return record(wal, trust(wal));
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "apply lock: " + ex, ex);
        }
    }

    /** The verified trust history and how many of its versions the log records. */
    private record TrustHistory(List<TrustSet> versions, long recorded)
    {
        TrustSet current()
        {
            return versions.get(versions.size() - 1);
        }
    }

    /** Verifies the log against the trust history. */
    private TrustHistory trust(final Wal wal)
    {
        final List<TrustSet> history = Keyring.of(workspace).history();
        if (history.isEmpty())
        {
            throw refused("no trust set: create a key with `rtt keys init`");
        }
        return new TrustHistory(history, verified(wal, history));
    }

    /** Appends a trust frame for each version the log does not record yet; returns how many. */
    private int record(final Wal wal, final TrustHistory trust)
    {
        int appended = 0;
        for (long version = trust.recorded(); version < trust.versions().size(); version++)
        {
            final TrustSet next = trust.versions().get((int)version);
            wal.append(new WalEntry(WalRecord.TRUST, next.digest(), headGraph(wal), next.version(), null, null,
                List.of(), clock.instant().toString()));
            appended++;
        }
        return appended;
    }

    /** Checks every frame's signatures against the trust history the log records; returns how many versions. */
    private long verified(final Wal wal)
    {
        return verified(wal, Keyring.of(workspace).history());
    }

    private long verified(final Wal wal, final List<TrustSet> history)
    {
        if (wal.frames().isEmpty())
        {
            return 0;
        }
        return LogTrust.verify(wal.frames().stream().map(Wal.Frame::record).toList(), history,
            WorkspaceIdentity.of(workspace));
    }

    private void checkEnvelope(final PlanEnvelope envelope, final TrustSet trust)
    {
        if (!envelope.workspace().equals(WorkspaceIdentity.of(workspace)))
        {
            throw refused("the envelope is for workspace " + envelope.workspace() + ", not this one (" +
                WorkspaceIdentity.of(workspace) + ")");
        }
        final Instant expires;
        try
        {
            expires = Instant.parse(envelope.expires());
        }
        catch (final DateTimeParseException ex)
        {
            throw refused("the envelope's expiry is not an instant: " + envelope.expires());
        }
        if (!clock.instant().isBefore(expires))
        {
            throw refused("the envelope expired at " + expires + "; sign the plan again");
        }
        final Keyring.Verification v = Keyring.verify(trust, envelope.signedBytes(), envelope.signatures());
        if (v.valid().size() < trust.threshold())
        {
            throw refused("the plan needs " + trust.threshold() + " valid signatures from distinct trusted keys and " +
                "has " + v.valid().size() + detail("untrusted keys", v.unknown()) + detail("bad signatures", v.invalid()) +
                "; sign it with trusted keys (`rtt sign`)");
        }
    }

    private static String detail(final String what, final Set<String> ids)
    {
        return ids.isEmpty() ? "" : "; " + what + ": " + String.join(", ", new TreeSet<>(ids));
    }

    private long lastVersion()
    {
        try (Wal wal = Wal.open(workspace.layout().walDir()))
        {
            return lastVersion(wal);
        }
    }

    private static long lastVersion(final Wal wal)
    {
        return wal.frames().stream().filter(f -> WalRecord.APPLY.equals(f.record().kind()) ||
            WalRecord.ROLLBACK.equals(f.record().kind())).mapToLong(f -> f.record().version()).max().orElse(0);
    }

    /** The number of the last frame that changed the graph (trust and verdict frames do not), or 0. */
    private static long lastChange(final List<Wal.Frame> frames)
    {
        for (int i = frames.size() - 1; i >= 0; i--)
        {
            final String kind = frames.get(i).record().kind();
            if (!WalRecord.TRUST.equals(kind) && !WalRecord.VERDICT.equals(kind))
            {
                return i + 1L;
            }
        }
        return 0;
    }

    private static String headGraph(final Wal wal)
    {
        final List<Wal.Frame> frames = wal.frames();
        return frames.isEmpty() ? Graph.EMPTY.digest() : frames.get(frames.size() - 1).record().graph();
    }

    /** The apply lock: an OS lock on {@code .rtt/apply.lock}, held by one apply or rollback at a time. */
    private ExclusiveFileLock lock() throws IOException
    {
        final ExclusiveFileLock lock = ExclusiveFileLock.tryAcquire(workspace.layout().applyLock());
        if (lock == null)
        {
            throw refused("another apply or rollback is running in this workspace; try again when it ends");
        }
        return lock;
    }

    private static RttException refused(final String message)
    {
        return new RttException(RttException.Kind.REFUSED, message);
    }
}
