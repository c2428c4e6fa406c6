package io.rtt.engine.json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.databind.JsonNode;

/**
 * Content digests as RTT writes them: {@code sha256:<lowercase hex>}, over raw bytes or over canonical JSON.
 * <p>
 * Stateless and thread-safe.
 */
public final class Digests
{
    /** Prefix of every digest RTT writes. */
    public static final String SHA256_PREFIX = "sha256:";

    private Digests()
    {
    }

    /**
     * The SHA-256 digest of some bytes.
     *
     * @param bytes the content.
     * @return {@code sha256:<hex>}.
     */
    public static String sha256(final byte[] bytes)
    {
        return SHA256_PREFIX + HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    /**
     * The SHA-256 digest of a JSON tree's canonical bytes.
     *
     * @param node the tree.
     * @return {@code sha256:<hex>} of {@link CanonicalJson#bytes(JsonNode)}.
     */
    public static String sha256(final JsonNode node)
    {
        return sha256(CanonicalJson.bytes(node));
    }

    /**
     * A fresh SHA-256 message digest, for callers that hash incrementally.
     *
     * @return a new digest instance.
     */
    public static MessageDigest newSha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }
}
