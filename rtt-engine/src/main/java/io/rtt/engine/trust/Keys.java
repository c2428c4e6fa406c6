package io.rtt.engine.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import io.rtt.engine.RttException;
import io.rtt.engine.json.Digests;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * Ed25519 keys in the forms people already use: private keys as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) or OpenSSH
 * ({@code BEGIN OPENSSH PRIVATE KEY}), public keys as OpenSSH lines ({@code ssh-ed25519 AAAA... comment}); key ids
 * derived from the public key; signing and verification.
 */
public final class Keys
{
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private static final String OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static final String OPENSSH_END = "-----END OPENSSH PRIVATE KEY-----";

    private Keys()
    {
    }

    /**
     * A fresh private key.
     *
     * @return a new Ed25519 private key.
     */
    public static Ed25519PrivateKeyParameters generate()
    {
        return new Ed25519PrivateKeyParameters(new SecureRandom());
    }

    /**
     * The id of a public key: {@code ed25519:} and the first 16 bytes of the SHA-256 of its raw 32 bytes, in hex.
     *
     * @param key the public key.
     * @return the id.
     */
    public static String id(final Ed25519PublicKeyParameters key)
    {
        return "ed25519:" + HexFormat.of().formatHex(Digests.newSha256().digest(key.getEncoded()), 0, 16);
    }

    /**
     * A private key as PKCS#8 PEM.
     *
     * @param key the key.
     * @return the PEM text.
     */
    public static String toPem(final Ed25519PrivateKeyParameters key)
    {
        try
        {
            final byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded();
            return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n" + PEM_END + "\n";
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot encode an Ed25519 key", ex);
        }
    }

    /**
     * Reads a private key in PKCS#8 PEM or OpenSSH form.
     *
     * @param text the key file's content.
     * @param source where it came from, for messages.
     * @return the key.
     * @throws RttException {@code BAD_INPUT} if the text is neither form or not an Ed25519 key.
     */
    public static Ed25519PrivateKeyParameters readPrivate(final String text, final String source)
    {
        try
        {
            final AsymmetricKeyParameter key;
            if (text.contains(OPENSSH_BEGIN))
            {
                key = OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(body(text, OPENSSH_BEGIN, OPENSSH_END));
            }
            else if (text.contains(PEM_BEGIN))
            {
                key = PrivateKeyFactory.createKey(body(text, PEM_BEGIN, PEM_END));
            }
            else
            {
                throw new RttException(RttException.Kind.BAD_INPUT,
                    source + ": not a PEM (BEGIN PRIVATE KEY) or OpenSSH private key");
            }
            if (key instanceof Ed25519PrivateKeyParameters ed25519)
            {
                return ed25519;
            }
            throw new RttException(RttException.Kind.BAD_INPUT, source + ": not an Ed25519 key");
        }
        catch (final IOException | IllegalArgumentException | IllegalStateException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, source + ": unreadable private key: " + ex.getMessage());
        }
    }

    /**
     * A public key as an OpenSSH line.
     *
     * @param key     the key.
     * @param comment the comment (a name), without spaces.
     * @return {@code ssh-ed25519 <base64> <comment>}.
     */
    public static String toOpenSsh(final Ed25519PublicKeyParameters key, final String comment)
    {
        try
        {
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(key)) +
                (comment.isEmpty() ? "" : " " + comment);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot encode an Ed25519 public key", ex);
        }
    }

    /**
     * Reads a public key from an OpenSSH line.
     *
     * @param line   {@code ssh-ed25519 <base64> [comment]}.
     * @param source where it came from, for messages.
     * @return the key.
     * @throws RttException {@code BAD_INPUT} if the line is no Ed25519 OpenSSH public key.
     */
    public static Ed25519PublicKeyParameters readPublic(final String line, final String source)
    {
        final String[] parts = line.trim().split("\\s+");
        if (parts.length < 2 || !"ssh-ed25519".equals(parts[0]))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, source + ": not an ssh-ed25519 public key line");
        }
        try
        {
            if (OpenSSHPublicKeyUtil.parsePublicKey(Base64.getDecoder().decode(parts[1]))
                instanceof Ed25519PublicKeyParameters key)
            {
                return key;
            }
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, source + ": unreadable public key: " + ex.getMessage());
        }
        throw new RttException(RttException.Kind.BAD_INPUT, source + ": not an Ed25519 key");
    }

    /**
     * Signs bytes.
     *
     * @param key     the private key.
     * @param message the bytes (canonical JSON).
     * @return the base64 signature.
     */
    public static String sign(final Ed25519PrivateKeyParameters key, final byte[] message)
    {
        final Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    /**
     * Verifies a signature.
     *
     * @param key       the public key.
     * @param message   the signed bytes.
     * @param signature the base64 signature.
     * @return true if it is this key's signature of these bytes.
     */
    public static boolean verify(final Ed25519PublicKeyParameters key, final byte[] message, final String signature)
    {
        final byte[] raw;
        try
        {
            raw = Base64.getDecoder().decode(signature);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
        final Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(raw);
    }

    private static byte[] body(final String text, final String begin, final String end)
    {
        final int from = text.indexOf(begin) + begin.length();
        final int to = text.indexOf(end, from);
        if (to < 0)
        {
            throw new IllegalArgumentException("no " + end);
        }
        return Base64.getMimeDecoder().decode(text.substring(from, to));
    }
}
