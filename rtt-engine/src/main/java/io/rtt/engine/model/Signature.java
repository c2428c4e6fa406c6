package io.rtt.engine.model;

import java.util.Objects;

/**
 * An Ed25519 signature by a key, over some canonical bytes.
 *
 * @param keyId     id of the signing key ({@code ed25519:<hex>}).
 * @param signature the base64 signature.
 */
public record Signature(String keyId, String signature)
{
    /**
     * Validates the record.
     */
    public Signature
    {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }
}
