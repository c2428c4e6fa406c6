package io.rtt.server.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;

/**
 * The bearer token the HTTP transport requires: {@code RTT_MCP_TOKEN} if set, else the token in
 * {@code .rtt/mcp.token}, generated (256 random bits, file mode 0600) on first use.
 *
 * @param value  the token.
 * @param source where it came from: the environment variable's name or the token file's path.
 * @param created whether this call generated the token file.
 */
public record BearerToken(String value, String source, boolean created)
{
    /** Environment variable that sets the token. */
    public static final String ENV = "RTT_MCP_TOKEN";

    /**
     * Resolves the token for a workspace.
     *
     * @param workspace the served workspace.
     * @param env       the value of {@value #ENV}, or {@code null}.
     * @return the token.
     * @throws RttException {@code IO} if the token file cannot be read or written.
     */
    public static BearerToken resolve(final Workspace workspace, final String env)
    {
        if (env != null && !env.isBlank())
        {
            return new BearerToken(env.strip(), ENV, false);
        }
        final Path file = workspace.layout().mcpTokenFile();
        try
        {
            if (Files.isRegularFile(file))
            {
                final String value = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!value.isEmpty())
                {
                    return new BearerToken(value, file.toString(), false);
                }
            }
            final byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            final String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            AtomicFiles.write(file, (value + "\n").getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-------"));
            return new BearerToken(value, file.toString(), true);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read or write token file " + file + ": " + ex, ex);
        }
    }

    /**
     * Checks an {@code Authorization} header in constant time.
     *
     * @param header the header's value, or {@code null}.
     * @return true if it is {@code Bearer <this token>}.
     */
    public boolean matches(final String header)
    {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString()
    {
        return "BearerToken{source=" + source + "}"; // never the value
    }
}
