package io.rtt.engine.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Signature;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.trust.Keys;
import io.rtt.engine.trust.PlanEnvelope;
import io.rtt.engine.trust.TrustSet;
import io.rtt.testsupport.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal of apply, each with its own clear error, and nothing written when refused.
 */
class ApplierTest
{
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    private Path shop;
    private Engine engine;
    private Applier applier;
    private Plan plan;

    @BeforeEach
    void setUp() throws IOException
    {
        shop = Examples.copy("shop", dir);
        engine = Engine.open(shop);
        Keyring.of(engine.workspace()).init("alice");
        applier = new Applier(engine.workspace(), Clock.fixed(NOW, ZoneOffset.UTC));
        plan = engine.plan();
    }

    private Map<String, byte[]> stateFiles() throws IOException
    {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(shop.resolve(".rtt")))
        {
            for (final Path file : walk.filter(Files::isRegularFile).toList())
            {
                if (!file.toString().contains("/index/") && !file.toString().endsWith("apply.lock"))
                {
                    files.put(shop.relativize(file).toString(), Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    private void assertRefusedWritingNothing(final Runnable apply, final String message) throws IOException
    {
        final Map<String, byte[]> before = stateFiles();
        final RttException ex = assertThrows(RttException.class, apply::run);
        assertEquals(RttException.Kind.REFUSED, ex.kind());
        assertTrue(ex.getMessage().startsWith(message), ex.getMessage());
        final Map<String, byte[]> after = stateFiles();
        assertEquals(before.keySet(), after.keySet(), "no file written");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    }

    @Test
    void shouldApplyASignedPlanAsOneWalFrame()
    {
        applier.sign(plan, null, 0, Duration.ofHours(1));

        final Applier.Outcome outcome = applier.apply(PlanFiles.read(new PlanFiles(engine.workspace())
            .planFile(plan.id())), false);

        assertTrue(outcome.committed());
        assertEquals(2, outcome.seq(), "frame 1 records the trust set the plan is checked against");
        assertEquals(plan.graph(), applier.head().digest());
    }

    @Test
    void shouldRefuseAnUnsignedPlan() throws IOException
    {
        assertRefusedWritingNothing(() -> applier.apply(plan, false), "plan " + plan.id() + " is unsigned: sign it");
    }

    @Test
    void shouldRefuseATamperedPlanByte() throws IOException
    {
        applier.sign(plan, null, 0, Duration.ofHours(1));
        final Path file = new PlanFiles(engine.workspace()).planFile(plan.id());
        final String text = Files.readString(file);
        Files.writeString(file, text.replace("\"lane\":\"SHM\"", "\"lane\":\"UDS\""));

        assertRefusedWritingNothing(() -> applier.apply(PlanFiles.read(file), false),
            "plan " + file + " does not match its id " + plan.id());
    }

    @Test
    void shouldRefuseASignatureByAnUnknownKey() throws IOException
    {
        final PlanEnvelope envelope = new PlanEnvelope(PlanEnvelope.FORMAT, plan.id(), 1,
            NOW.plus(Duration.ofHours(1)).toString(), io.rtt.engine.trust.WorkspaceIdentity.of(engine.workspace()),
            List.of());
        final var stranger = Keys.generate();
        new PlanFiles(engine.workspace()).write(envelope.with(
            new Signature(Keys.id(stranger.generatePublicKey()), Keys.sign(stranger, envelope.signedBytes()))));

        assertRefusedWritingNothing(() -> applier.apply(plan, false),
            "the plan needs 1 valid signatures from distinct trusted keys and has 0; untrusted keys: ed25519:");
    }

    @Test
    void shouldRefuseUnderThresholdAndAcceptAtThreshold() throws IOException
    {
        final Keyring keyring = Keyring.of(engine.workspace());
        final Keyring.LocalKey bob = keyring.init("bob");
        final TrustSet current = keyring.current();
        final List<TrustSet.TrustedKey> keys = new java.util.ArrayList<>(current.keys());
        keys.add(new TrustSet.TrustedKey(bob.id(), "bob", Keys.toOpenSsh(bob.publicKey(), "bob")));
        keyring.rotate(keys, 2);
        applier.sign(plan, "alice", 0, Duration.ofHours(1));

        assertRefusedWritingNothing(() -> applier.apply(plan, false),
            "the plan needs 2 valid signatures from distinct trusted keys and has 1");

        applier.sign(plan, "bob", 0, Duration.ofHours(1));
        assertTrue(applier.apply(plan, false).committed());
    }

    @Test
    void shouldRefuseAnExpiredEnvelope() throws IOException
    {
        applier.sign(plan, null, 0, Duration.ofMinutes(5));
        final Applier later = new Applier(engine.workspace(), Clock.fixed(NOW.plus(Duration.ofMinutes(6)),
            ZoneOffset.UTC));

        assertRefusedWritingNothing(() -> later.apply(plan, false), "the envelope expired at 2026-11-26T12:05:00Z");
    }

    @Test
    void shouldRefuseAReplayedOlderVersion() throws IOException
    {
        applier.sign(plan, null, 0, Duration.ofHours(1));
        applier.apply(plan, false);
        applier.rollback(0, false);

        assertRefusedWritingNothing(() -> applier.apply(plan, false),
            "envelope version 1 is not above the last applied version 1: an older plan cannot be replayed; to " +
            "apply this plan again, sign it anew with `rtt sign " + new PlanFiles(engine.workspace()).planFile(
            plan.id()) + "` (it is then authorised at version 2)");
    }

    @Test
    void shouldApplyTheSamePlanAgainAfterARollbackOnceSignedAnew()
    {
        applier.sign(plan, null, 0, Duration.ofHours(1));
        applier.apply(plan, false);
        applier.rollback(0, false);

        final PlanEnvelope again = applier.sign(plan, null, 0, Duration.ofHours(1));
        final Applier.Outcome outcome = applier.apply(plan, false);

        assertEquals(2, again.version(), "the spent envelope is replaced by one at the next version");
        assertEquals(1, again.signatures().size(), "the spent version's signatures are not carried over");
        assertTrue(outcome.committed());
        assertEquals(plan.graph(), applier.head().digest());
    }

    @Test
    void shouldRefuseAStalePlanNamingWhatChanged() throws IOException
    {
        applier.sign(plan, null, 0, Duration.ofHours(1));
        final Plan other = Plan.of(Graph.EMPTY.digest(), new Graph(Graph.FORMAT, List.of(new io.rtt.engine.model.Component(
            "solo", "solo", io.rtt.engine.model.ComponentKind.SERVICE, null, "go", "solo", null, List.of(), List.of())),
            List.of()), List.of(), List.of());
        new PlanFiles(engine.workspace()).write(other);
        applier.sign(other, null, 1, Duration.ofHours(1));
        applier.apply(other, false); // the head moves to another graph
        applier.sign(plan, null, 0, Duration.ofHours(1));
        final PlanEnvelope resigned = new PlanEnvelope(PlanEnvelope.FORMAT, plan.id(), 2,
            NOW.plus(Duration.ofHours(1)).toString(), io.rtt.engine.trust.WorkspaceIdentity.of(engine.workspace()),
            List.of());
        final var alice = Keyring.of(engine.workspace()).localKeys().get(0);
        new PlanFiles(engine.workspace()).write(resigned.with(new Signature(alice.id(),
            Keys.sign(alice.key(), resigned.signedBytes()))));

        final RttException ex = assertThrows(RttException.class, () -> applier.apply(plan, false));
        assertEquals("stale plan: it was made against graph " + plan.base() + " but the WAL head (frame 2) is graph " +
            other.graph() + "; run `rtt plan` again", ex.getMessage());
    }

    @Test
    void shouldRefuseAnEnvelopeForAnotherWorkspace() throws IOException
    {
        applier.sign(plan, null, 0, Duration.ofHours(1));
        final Path identity = shop.resolve(".rtt/workspace.json");
        Files.writeString(identity, "{\"format\":\"rtt.workspace/1\",\"id\":\"rtt-ws:another-checkout\"}");

        assertRefusedWritingNothing(() -> applier.apply(plan, false),
            "the envelope is for workspace rtt-ws:");
    }

    @Test
    void shouldRefuseATamperedTrustHistory() throws IOException
    {
        final Path v1 = shop.resolve(".rtt/keys/trust/000001.json");
        final TrustSet set = Json.MAPPER.readValue(Files.readAllBytes(v1), TrustSet.class);
        final var mallory = Keys.generate();
        final List<TrustSet.TrustedKey> keys = new java.util.ArrayList<>(set.keys());
        keys.add(new TrustSet.TrustedKey(Keys.id(mallory.generatePublicKey()), "mallory",
            Keys.toOpenSsh(mallory.generatePublicKey(), "mallory")));
        Files.write(shop.resolve(".rtt/keys/trust/000002.json"), Json.canonicalBytes(
            new TrustSet(TrustSet.FORMAT, 2, 1, keys, List.of())));

        final RttException ex = assertThrows(RttException.class, () -> Keyring.of(engine.workspace()).current());
        assertEquals("trust set version 2 is not signed by 1 keys of version 1 (valid signatures: 0); the trust " +
            "history was tampered with", ex.getMessage());
    }

    @Test
    void shouldRefuseToRotateWithoutTheCurrentThreshold() throws IOException
    {
        final Keyring keyring = Keyring.of(engine.workspace());
        final Keyring.LocalKey bob = keyring.init("bob");
        final List<TrustSet.TrustedKey> both = new java.util.ArrayList<>(keyring.current().keys());
        both.add(new TrustSet.TrustedKey(bob.id(), "bob", Keys.toOpenSsh(bob.publicKey(), "bob")));
        keyring.rotate(both, 2);
        Files.delete(shop.resolve(".rtt/keys/bob.key"));

        final RttException ex = assertThrows(RttException.class, () -> keyring.rotate(both.subList(0, 1), 1));
        assertEquals("changing the trust set needs 2 signatures from keys of trust set version 2; this workspace " +
            "holds 1 of them", ex.getMessage());
        assertFalse(Files.exists(shop.resolve(".rtt/keys/trust/000003.json")));
    }

    @Test
    void shouldReadPrivateKeysInPemAndOpenSshForm() throws IOException
    {
        final var key = Keys.generate();
        final var fromPem = Keys.readPrivate(Keys.toPem(key), "test.key");
        final byte[] openssh = org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil.encodePrivateKey(key);
        final String opensshText = "-----BEGIN OPENSSH PRIVATE KEY-----\n" +
            java.util.Base64.getMimeEncoder().encodeToString(openssh) + "\n-----END OPENSSH PRIVATE KEY-----\n";

        assertArrayEquals(key.getEncoded(), fromPem.getEncoded());
        assertArrayEquals(key.getEncoded(), Keys.readPrivate(opensshText, "id_ed25519").getEncoded());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(shop.resolve(".rtt/keys/alice.key"))));
        assertEquals("id_x: not a PEM (BEGIN PRIVATE KEY) or OpenSSH private key",
            assertThrows(RttException.class, () -> Keys.readPrivate("hello", "id_x")).getMessage());
    }
}
