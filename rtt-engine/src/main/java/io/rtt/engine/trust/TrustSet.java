package io.rtt.engine.trust;

import java.util.List;
import java.util.Objects;

import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Signature;
import org.jspecify.annotations.Nullable;

/**
 * One version of the set of keys whose signatures RTT accepts, and how many of them a plan needs.
 * <p>
 * Version 1 is signed by its own keys (trusted on first use, like an SSH host key). Every later version is valid
 * only with signatures from a threshold of the previous version's keys, so the set can be rotated only by a
 * threshold of the current one.
 *
 * @param format     {@value #FORMAT}.
 * @param version    1-based version.
 * @param threshold  distinct trusted signatures a plan (or the next trust set) needs.
 * @param keys       the trusted keys.
 * @param signatures signatures over {@link #signedBytes()}.
 */
public record TrustSet(String format, long version, int threshold, List<TrustedKey> keys, List<Signature> signatures)
{
    /** Format of a trust set document. */
    public static final String FORMAT = "rtt.trust/1";

    /**
     * A trusted public key.
     *
     * @param id   its id.
     * @param name a human name.
     * @param key  the OpenSSH public key line.
     */
    public record TrustedKey(String id, String name, String key)
    {
    }

    /**
     * Validates the set.
     */
    public TrustSet
    {
        Objects.requireNonNull(format, "format");
        keys = List.copyOf(keys);
        signatures = List.copyOf(signatures);
        if (threshold < 1 || threshold > keys.size())
        {
            throw new IllegalArgumentException(
                "threshold must be between 1 and the number of keys: threshold=" + threshold + ", keys=" + keys.size());
        }
    }

    /**
     * The bytes its signatures cover: the set without its signatures, canonical.
     *
     * @return canonical JSON.
     */
    public byte[] signedBytes()
    {
        return Json.canonicalBytes(new TrustSet(format, version, threshold, keys, List.of()));
    }

    /**
     * The digest that binds this version, signatures included, to the WAL's trust frames.
     *
     * @return {@code sha256:} of the canonical bytes.
     */
    public String digest()
    {
        return Digests.sha256(Json.canonicalBytes(this));
    }

    /**
     * The key with an id, if trusted.
     *
     * @param id a key id.
     * @return the key, or {@code null}.
     */
    public @Nullable TrustedKey key(final String id)
    {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
    }
}
