package io.rtt.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.model.Signature;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.trust.Keys;
import io.rtt.engine.trust.PlanEnvelope;
import io.rtt.engine.trust.TrustSet;
import io.rtt.engine.trust.WorkspaceIdentity;
import io.rtt.engine.wal.Wal;
import io.rtt.engine.wal.WalEntry;
import io.rtt.engine.wal.WalRecord;
import io.rtt.testsupport.Examples;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust holds when the log is read back: a frame written by someone who can write {@code .rtt/} but holds no trusted
 * key, and a trust history rolled back or replaced, are refused by every reader (verify, head, apply, rollback).
 */
class LogTrustTest
{
    @TempDir
    Path dir;

    private Engine engine;
    private Plan plan;

    @BeforeEach
    void setUp() throws IOException
    {
        engine = Engine.open(Examples.copy("shop", dir));
        engine.createKey("alice");
        plan = engine.plan();
        engine.applier().sign(plan, null, 0, Duration.ofHours(1));
        engine.applier().apply(plan, false);
    }

    private void assertEveryReaderRefuses(final String message)
    {
        for (final Executable reader : List.<Executable>of(engine::verifyLog, () -> engine.applier().head(),
            engine::routes, () -> engine.applier().rollback(-1, true), () -> engine.applier().recordTrust()))
        {
            final RttException ex = assertThrows(RttException.class, reader);
            assertEquals(RttException.Kind.REFUSED, ex.kind());
            assertTrue(ex.getMessage().startsWith(message), ex.getMessage());
        }
    }

    /** Appends an apply frame as an attacker with write access to .rtt/ would, bypassing the applier. */
    private void appendForged(final List<Signature> signatures, final PlanEnvelope envelope)
    {
        try (Wal wal = Wal.open(engine.workspace().layout().walDir()))
        {
            wal.append(new WalEntry(WalRecord.APPLY, envelope.plan(), plan.graph(), envelope.version(),
                envelope.expires(), envelope.workspace(), signatures, "2026-11-28T00:00:00Z"));
        }
    }

    private PlanEnvelope envelope()
    {
        return new PlanEnvelope(PlanEnvelope.FORMAT, plan.id(), 2, "2099-01-01T00:00:00Z",
            WorkspaceIdentity.of(engine.workspace()), List.of());
    }

    @Test
    void shouldRecordTheTrustSetInTheLogBeforeTheFirstApply()
    {
        final List<WalRecord> records = engine.verifyLog().records();

        assertEquals(List.of(WalRecord.TRUST, WalRecord.APPLY), records.stream().map(WalRecord::kind).toList());
        assertEquals(engine.keyring().current().digest(), records.get(0).plan());
    }

    @Test
    void shouldRefuseAnUnsignedFrameAppendedToTheLog()
    {
        appendForged(List.of(), envelope());

        assertEveryReaderRefuses("WAL frame 3 (apply) is not trusted: it carries 0 valid signatures by keys of " +
            "trust version 1, which needs 1");
    }

    @Test
    void shouldRefuseAFrameSignedByAnUntrustedKey()
    {
        final Ed25519PrivateKeyParameters mallory = Keys.generate();
        final PlanEnvelope envelope = envelope();
        appendForged(List.of(new Signature(Keys.id(mallory.generatePublicKey()),
            Keys.sign(mallory, envelope.signedBytes()))), envelope);

        assertEveryReaderRefuses("WAL frame 3 (apply) is not trusted: it carries 0 valid signatures");
    }

    @Test
    void shouldRefuseAFrameWhoseSignatureCoversAnotherEnvelope()
    {
        final Keyring.LocalKey alice = engine.keyring().localKeys().get(0);
        final PlanEnvelope signed = envelope();
        final PlanEnvelope altered = new PlanEnvelope(PlanEnvelope.FORMAT, plan.id(), 7, signed.expires(),
            signed.workspace(), List.of());
        appendForged(List.of(new Signature(alice.id(), Keys.sign(alice.key(), signed.signedBytes()))), altered);

        assertEveryReaderRefuses("WAL frame 3 (apply) is not trusted: it carries 0 valid signatures");
    }

    @Test
    void shouldRefuseATrustHistoryRolledBackToRestoreARevokedKey() throws IOException
    {
        final Ed25519PrivateKeyParameters bob = Keys.generate();
        engine.trustKey(Keys.toOpenSsh(bob.generatePublicKey(), "bob"), null, null);
        final String bobId = Keys.id(bob.generatePublicKey());
        engine.revokeKey(bobId, null);
        assertEquals(3, engine.keyring().current().version());

        Files.delete(engine.workspace().layout().trustDir().resolve("000003.json"));

        assertEquals(2, engine.keyring().current().version(), "the history alone cannot tell");
        assertEveryReaderRefuses("WAL frame 4 (trust) is not trusted: it records trust version 3, which the trust " +
            "history in .rtt/keys/trust no longer has");
    }

    @Test
    void shouldRefuseAReplacedKeysDirectoryInsteadOfTrustingItOnFirstUse() throws IOException
    {
        try (Stream<Path> files = Files.walk(engine.workspace().layout().keysDir()))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        final RttException init = assertThrows(RttException.class, () -> engine.createKey("mallory"));

        assertEquals(RttException.Kind.REFUSED, init.kind());
        assertTrue(init.getMessage().startsWith("WAL frame 1 (trust) is not trusted: trust version 1 in " +
            ".rtt/keys/trust is sha256:"), init.getMessage());
        assertEveryReaderRefuses("WAL frame 1 (trust) is not trusted: trust version 1");
    }

    @Test
    void shouldTrustOnFirstUseWhileTheLogIsEmpty() throws IOException
    {
        final Engine fresh = Engine.open(Examples.copy("shop", dir.resolve("fresh")));

        fresh.createKey("carol");

        final List<WalRecord> records = fresh.verifyLog().records();
        assertEquals(1, records.size());
        assertEquals(WalRecord.TRUST, records.get(0).kind());
        assertEquals(TrustSet.FORMAT, fresh.keyring().current().format());
    }

    @Test
    void shouldRefuseARollbackTargetBelowMinusOne()
    {
        final RttException ex = assertThrows(RttException.class, () -> engine.applier().rollback(-5, false));

        assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
        assertEquals("the frame to roll back to must be 0 (the empty graph) or a frame number, got -5",
            ex.getMessage());
    }

    @Test
    void shouldRollBackTheLastChangeNotATrustFrame()
    {
        final Applier.Outcome outcome = engine.applier().rollback(-1, false);

        assertEquals(io.rtt.engine.model.Graph.EMPTY.digest(), outcome.graph());
        assertEquals(io.rtt.engine.model.Graph.EMPTY.digest(), engine.applier().head().digest());
        engine.verifyLog();
    }

    @Test
    void shouldRefuseAGraphObjectThatIsAFifoOrADeviceWithoutBlocking() throws Exception
    {
        final Path object = engine.workspace().layout().objectsDir().resolve(plan.graph().substring(7) + ".json");
        Files.delete(object);
        assertEquals(0, new ProcessBuilder("mkfifo", object.toString()).start().waitFor());

        final RttException fifo = assertThrows(RttException.class, engine::verifyLog);
        assertEquals("graph object " + object + " is not a regular file (a FIFO, socket or device); it is not read",
            fifo.getMessage());

        Files.delete(object);
        Files.createSymbolicLink(object, Path.of("/dev/zero"));
        final RttException device = assertThrows(RttException.class, () -> engine.applier().head());
        assertEquals("graph object " + object + " is not a regular file (a symbolic link); it is not read",
            device.getMessage());
    }
}
