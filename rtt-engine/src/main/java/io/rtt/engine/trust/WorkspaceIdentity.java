package io.rtt.engine.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.json.Json;
import io.rtt.engine.fs.BoundedRead;

/**
 * The id that scopes signatures to one workspace ({@code .rtt/workspace.json}), random and created on first use,
 * so a plan signed for one checkout is refused by another.
 */
public final class WorkspaceIdentity
{
    private record Document(String format, String id)
    {
    }

    private WorkspaceIdentity()
    {
    }

    /**
     * The workspace's id, created if it has none.
     *
     * @param workspace the workspace.
     * @return {@code rtt-ws:<uuid>}.
     * @throws RttException {@code IO} if the file cannot be read or written.
     */
    public static String of(final Workspace workspace)
    {
        final Path file = workspace.layout().identityFile();
        try
        {
            if (Files.isRegularFile(file))
            {
                return Json.MAPPER.readValue(BoundedRead.readAllBytes(file, 64 * 1024, "workspace identity"),
                    Document.class).id();
            }
            final String id = "rtt-ws:" + UUID.randomUUID();
            AtomicFiles.write(file, Json.canonicalBytes(new Document("rtt.workspace/1", id)), null);
            return id;
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read or create " + file + ": " + ex, ex);
        }
    }
}
