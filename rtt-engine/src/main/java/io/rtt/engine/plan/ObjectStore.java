package io.rtt.engine.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.model.Graph;
import io.rtt.engine.fs.BoundedRead;

/**
 * Content-addressed graphs under {@code .rtt/objects/}: a file named by the hex of its SHA-256, verified on read.
 * <p>
 * Thread-safe: writes are atomic and idempotent.
 */
public final class ObjectStore
{
    /** Largest graph object read back: far above any real graph, far below what would exhaust the heap. */
    public static final int MAX_OBJECT_BYTES = 64 * 1024 * 1024;

    private final Path directory;

    /**
     * The object store of a workspace.
     *
     * @param workspace the workspace.
     */
    public ObjectStore(final Workspace workspace)
    {
        this.directory = workspace.layout().objectsDir();
    }

    /**
     * Stores a graph durably.
     *
     * @param graph the graph.
     * @return its digest.
     * @throws RttException {@code IO} if it cannot be written.
     */
    public String put(final Graph graph)
    {
        final byte[] bytes = Json.canonicalBytes(graph);
        final String digest = Digests.sha256(bytes);
        final Path file = file(digest);
        try
        {
            if (!Files.exists(file))
            {
                AtomicFiles.write(file, bytes, null);
            }
            return digest;
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot store graph " + digest + ": " + ex, ex);
        }
    }

    /**
     * Reads a graph.
     *
     * @param digest its digest; the empty graph's needs no file.
     * @return the graph.
     * @throws RttException {@code REFUSED} if it is missing or its bytes do not match the digest.
     */
    public Graph get(final String digest)
    {
        if (Graph.EMPTY.digest().equals(digest))
        {
            return Graph.EMPTY;
        }
        try
        {
            final byte[] bytes = BoundedRead.readAllBytes(file(digest), MAX_OBJECT_BYTES, "graph object");
            if (!Digests.sha256(bytes).equals(digest))
            {
                throw new RttException(RttException.Kind.REFUSED, "object " + digest + " is damaged: its bytes " +
                    "hash to " + Digests.sha256(bytes));
            }
            return Json.MAPPER.readValue(bytes, Graph.class);
        }
        catch (final NoSuchFileException ex)
        {
            throw new RttException(RttException.Kind.REFUSED, "object " + digest + " is missing from " + directory);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read object " + digest + ": " + ex, ex);
        }
    }

    private Path file(final String digest)
    {
        return directory.resolve(digest.substring(Digests.SHA256_PREFIX.length()) + ".json");
    }
}
