package io.rtt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A repository root that RTT works on, and the layout of its {@code .rtt/} state directory.
 * <p>
 * Every path an agent or a user names is resolved through {@link #resolveInside(String)}, which refuses anything
 * that lands outside the root once {@code ..} and symbolic links are resolved.
 * <p>
 * Immutable and thread-safe.
 */
public final class Workspace
{
    /** Name of the state directory under the workspace root. */
    public static final String STATE_DIR = ".rtt";

    private final Path root;

    private Workspace(final Path root)
    {
        this.root = root;
    }

    /**
     * Opens a workspace at an existing directory.
     *
     * @param directory the repository root; relative paths resolve against the current directory.
     * @return the workspace, rooted at the directory's real path.
     * @throws RttException {@code BAD_INPUT} if the directory does not exist or is not a directory.
     */
    public static Workspace open(final Path directory)
    {
        final Path absolute = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "workspace is not a directory: " + absolute);
        }
        try
        {
            return new Workspace(absolute.toRealPath());
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot resolve workspace " + absolute + ": " + ex, ex);
        }
    }

    /**
     * The workspace root.
     *
     * @return the real, absolute path of the root.
     */
    public Path root()
    {
        return root;
    }

    /**
     * The state directory, {@code <root>/.rtt}.
     *
     * @return the path of the state directory; it may not exist yet.
     */
    public Path stateDir()
    {
        return root.resolve(STATE_DIR);
    }

    /**
     * The scan index, {@code .rtt/index/symbols.index.json}.
     *
     * @return the path of the index file.
     */
    public Path indexFile()
    {
        return stateDir().resolve("index").resolve("symbols.index.json");
    }

    /**
     * The generated bearer token of the MCP HTTP transport, {@code .rtt/mcp.token}.
     *
     * @return the path of the token file.
     */
    public Path mcpTokenFile()
    {
        return stateDir().resolve("mcp.token");
    }

    /**
     * The workspace-relative form of a path inside the workspace, with {@code /} separators.
     *
     * @param path an absolute path inside the root.
     * @return the relative path, or {@code "."} for the root itself.
     */
    public String relativize(final Path path)
    {
        final Path relative = root.relativize(path);
        final String text = relative.toString().replace(path.getFileSystem().getSeparator(), "/");
        return text.isEmpty() ? "." : text;
    }

    /**
     * Resolves a path named by a user or an agent and checks that it stays inside the workspace.
     * <p>
     * A relative path resolves against the root. The path must exist; its real path (after {@code ..} and every
     * symbolic link) must lie under the root.
     *
     * @param path the path as given; {@code null}, empty or {@code "."} means the root.
     * @return the real path inside the workspace.
     * @throws RttException {@code REFUSED} if the path lies outside the workspace, {@code BAD_INPUT} if it does not
     *                      exist.
     */
    public Path resolveInside(final @Nullable String path)
    {
        final Path given = path == null || path.isBlank() ? root : root.resolve(path);
        final Path normalized = given.toAbsolutePath().normalize();
        if (!normalized.startsWith(root))
        {
            throw refused(path);
        }
        if (!Files.exists(normalized, LinkOption.NOFOLLOW_LINKS))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "no such path in workspace: " + path);
        }
        final Path real;
        try
        {
            real = normalized.toRealPath();
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "cannot resolve path " + path + ": " + ex, ex);
        }
        if (!real.startsWith(root))
        {
            throw refused(path);
        }
        return real;
    }

    private RttException refused(final String path)
    {
        return new RttException(
            RttException.Kind.REFUSED, "path is outside the workspace: " + path + " (workspace root " + root + ")");
    }

    @Override
    public String toString()
    {
        return "Workspace{" + root + "}";
    }
}
