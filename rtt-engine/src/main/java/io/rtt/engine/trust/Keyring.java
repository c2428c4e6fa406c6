package io.rtt.engine.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Signature;
import io.rtt.engine.fs.BoundedRead;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The workspace's keys ({@code .rtt/keys/}): local private keys ({@code <name>.key}, mode 0600, PKCS#8 PEM or
 * OpenSSH) with their public halves, and the history of trust sets ({@code trust/<version>.json}), each verified
 * against the one before it when loaded.
 * <p>
 * Not thread-safe: key management is a human's, one command at a time.
 */
public final class Keyring
{
    /** Largest trust set read: thousands of keys. */
    private static final int MAX_TRUST_SET_BYTES = 4 * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /**
     * A local private key.
     *
     * @param name its file name without {@code .key}.
     * @param id   its public key's id.
     * @param key  the private key.
     */
    public record LocalKey(String name, String id, Ed25519PrivateKeyParameters key)
    {
        /**
         * The public half.
         *
         * @return the public key.
         */
        public Ed25519PublicKeyParameters publicKey()
        {
            return key.generatePublicKey();
        }
    }

    /**
     * How many distinct trusted keys validly signed some bytes.
     *
     * @param valid   ids of trusted keys whose signatures verify.
     * @param unknown ids of keys not in the trust set.
     * @param invalid ids of trusted keys whose signatures do not verify.
     */
    public record Verification(Set<String> valid, Set<String> unknown, Set<String> invalid)
    {
    }

    private final Path directory;
    private final Path trustDir;

    private Keyring(final Path directory, final Path trustDir)
    {
        this.directory = directory;
        this.trustDir = trustDir;
    }

    /**
     * The keyring of a workspace.
     *
     * @param workspace the workspace.
     * @return its keyring (which may hold nothing yet).
     */
    public static Keyring of(final Workspace workspace)
    {
        return new Keyring(workspace.layout().keysDir(), workspace.layout().trustDir());
    }

    /**
     * Creates a local key, and the first trust set (threshold 1, this key) if there is none.
     *
     * @param name the key's name.
     * @return the new key.
     * @throws RttException {@code BAD_INPUT} for a bad or taken name, {@code IO} if the files cannot be written.
     */
    public LocalKey init(final String name)
    {
        if (!NAME.matcher(name).matches())
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "key name must match " + NAME.pattern() + ": " + name);
        }
        final Path file = directory.resolve(name + ".key");
        if (Files.exists(file))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "a key named " + name + " exists: " + file);
        }
        final Ed25519PrivateKeyParameters key = Keys.generate();
        final LocalKey local = new LocalKey(name, Keys.id(key.generatePublicKey()), key);
        try
        {
            AtomicFiles.write(file, Keys.toPem(key).getBytes(StandardCharsets.US_ASCII),
                PosixFilePermissions.fromString("rw-------"));
            AtomicFiles.write(directory.resolve(name + ".pub"),
                (Keys.toOpenSsh(local.publicKey(), name) + "\n").getBytes(StandardCharsets.US_ASCII), null);
            if (readHistory().isEmpty())
            {
                final TrustSet unsigned = new TrustSet(TrustSet.FORMAT, 1, 1, List.of(new TrustSet.TrustedKey(
                    local.id(), name, Keys.toOpenSsh(local.publicKey(), name))), List.of());
                write(new TrustSet(unsigned.format(), 1, 1, unsigned.keys(),
                    List.of(new Signature(local.id(), Keys.sign(key, unsigned.signedBytes())))));
            }
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot write key " + file + ": " + ex, ex);
        }
        return local;
    }

    /**
     * The local private keys.
     *
     * @return keys by name.
     * @throws RttException {@code BAD_INPUT} if a key file is unreadable.
     */
    public List<LocalKey> localKeys()
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            final List<LocalKey> keys = new ArrayList<>();
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".key")).sorted().toList())
            {
                final String name = file.getFileName().toString().replaceFirst("\\.key$", "");
                final Ed25519PrivateKeyParameters key = Keys.readPrivate(Files.readString(file), file.toString());
                keys.add(new LocalKey(name, Keys.id(key.generatePublicKey()), key));
            }
            return keys;
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read keys in " + directory + ": " + ex, ex);
        }
    }

    /**
     * The current trust set, after verifying the whole history.
     *
     * @return the latest trust set.
     * @throws RttException {@code REFUSED} if there is none or a version is not signed by a threshold of the one
     *                      before it (the set was tampered with).
     */
    public TrustSet current()
    {
        final List<TrustSet> history = history();
        if (history.isEmpty())
        {
            throw new RttException(RttException.Kind.REFUSED, "no trust set: create a key with `rtt keys init`");
        }
        return history.get(history.size() - 1);
    }

    /**
     * Every version of the trust set, oldest first, each verified: version {@code n + 1} is signed by a threshold of
     * version {@code n}, and version 1 by itself.
     *
     * @return the history; empty when no key was ever made.
     * @throws RttException {@code REFUSED} if a version is unreadable or not signed by the one before it.
     */
    public List<TrustSet> history()
    {
        final List<TrustSet> history = readHistory();
        TrustSet previous = null;
        for (final TrustSet set : history)
        {
            final TrustSet signers = previous == null ? set : previous;
            final Verification v = verify(signers, set.signedBytes(), set.signatures());
            if (set.version() != (previous == null ? 1 : previous.version() + 1) || v.valid().size() < signers.threshold())
            {
                throw new RttException(RttException.Kind.REFUSED, "trust set version " + set.version() +
                    " is not signed by " + signers.threshold() + " keys of version " + signers.version() +
                    " (valid signatures: " + v.valid().size() + "); the trust history was tampered with");
            }
            previous = set;
        }
        return history;
    }

    /**
     * Rotates the trust set: a new version with the given keys and threshold, signed by whichever local keys belong
     * to the current set. Refused unless those reach the current threshold.
     *
     * @param keys      the new set's keys.
     * @param threshold the new threshold.
     * @return the new trust set.
     * @throws RttException {@code REFUSED} if the local keys do not reach the current threshold, {@code BAD_INPUT}
     *                      for an impossible threshold.
     */
    public TrustSet rotate(final List<TrustSet.TrustedKey> keys, final int threshold)
    {
        final TrustSet current = current();
        final TrustSet next;
        try
        {
            next = new TrustSet(TrustSet.FORMAT, current.version() + 1, threshold, keys, List.of());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, ex.getMessage());
        }
        final List<Signature> signatures = new ArrayList<>();
        for (final LocalKey local : localKeys())
        {
            if (current.key(local.id()) != null)
            {
                signatures.add(new Signature(local.id(), Keys.sign(local.key(), next.signedBytes())));
            }
        }
        if (signatures.size() < current.threshold())
        {
            throw new RttException(RttException.Kind.REFUSED, "changing the trust set needs " + current.threshold() +
                " signatures from keys of trust set version " + current.version() + "; this workspace holds " +
                signatures.size() + " of them");
        }
        final TrustSet signed = new TrustSet(next.format(), next.version(), next.threshold(), next.keys(),
            signatures.stream().sorted(Comparator.comparing(Signature::keyId)).toList());
        try
        {
            write(signed);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot write trust set: " + ex, ex);
        }
        return signed;
    }

    /**
     * Adds a public key to the trust set: a rotation signed by this workspace's trusted local keys.
     *
     * @param publicKey an {@code ssh-ed25519} line (its comment names the key when no name is given).
     * @param name      the key's name, or {@code null} for the line's comment.
     * @param threshold the new threshold, or {@code null} to keep the current one.
     * @return the new trust set.
     * @throws RttException {@code BAD_INPUT} for a malformed or already trusted key, and as
     *                      {@link #rotate(List, int)}.
     */
    public TrustSet trust(final String publicKey, final String name, final Integer threshold)
    {
        final var key = Keys.readPublic(publicKey, "public key");
        final String id = Keys.id(key);
        final TrustSet current = current();
        if (current.key(id) != null)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "key " + id + " is already trusted");
        }
        final String[] parts = publicKey.trim().split("\\s+");
        final String keyName = name != null ? name : parts.length > 2 ? parts[2] : "key";
        final List<TrustSet.TrustedKey> keys = new ArrayList<>(current.keys());
        keys.add(new TrustSet.TrustedKey(id, keyName, Keys.toOpenSsh(key, keyName)));
        return rotate(keys, threshold != null ? threshold : current.threshold());
    }

    /**
     * Removes a key from the trust set: a rotation signed by this workspace's trusted local keys.
     *
     * @param keyId     the id of the key to remove.
     * @param threshold the new threshold, or {@code null} to keep the current one capped at the remaining keys.
     * @return the new trust set.
     * @throws RttException {@code BAD_INPUT} for a key not in the set, and as {@link #rotate(List, int)}.
     */
    public TrustSet revoke(final String keyId, final Integer threshold)
    {
        final TrustSet current = current();
        if (current.key(keyId) == null)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "key " + keyId + " is not in the trust set");
        }
        final List<TrustSet.TrustedKey> keys = current.keys().stream().filter(k -> !k.id().equals(keyId)).toList();
        return rotate(keys, threshold != null ? threshold : Math.min(current.threshold(), Math.max(1, keys.size())));
    }

    /**
     * Checks signatures over some bytes against a trust set.
     *
     * @param set        the trust set.
     * @param message    the signed bytes.
     * @param signatures the signatures.
     * @return which distinct keys signed validly, which are unknown, which failed.
     */
    public static Verification verify(final TrustSet set, final byte[] message, final List<Signature> signatures)
    {
        final Set<String> valid = new HashSet<>();
        final Set<String> unknown = new HashSet<>();
        final Set<String> invalid = new HashSet<>();
        for (final Signature signature : signatures)
        {
            final TrustSet.TrustedKey key = set.key(signature.keyId());
            if (key == null)
            {
                unknown.add(signature.keyId());
            }
            else if (Keys.verify(Keys.readPublic(key.key(), "trust set"), message, signature.signature()))
            {
                valid.add(signature.keyId());
            }
            else
            {
                invalid.add(signature.keyId());
            }
        }
        return new Verification(valid, unknown, invalid);
    }

    private List<TrustSet> readHistory()
    {
        final Path trust = trustDir;
        if (!Files.isDirectory(trust))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(trust))
        {
            final List<TrustSet> sets = new ArrayList<>();
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList())
            {
                sets.add(Json.MAPPER.readValue(BoundedRead.readAllBytes(file, MAX_TRUST_SET_BYTES, "trust set"),
                    TrustSet.class));
            }
            return sets;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new RttException(RttException.Kind.REFUSED, "unreadable trust set in " + trust + ": " + ex.getMessage());
        }
    }

    private void write(final TrustSet set) throws IOException
    {
        AtomicFiles.write(trustDir.resolve(String.format("%06d.json", set.version())),
            Json.canonicalBytes(set), null);
    }
}
