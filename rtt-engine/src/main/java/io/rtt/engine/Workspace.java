package io.rtt.engine;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A repository root that RTT works on, with the {@link StateLayout} of its {@code .rtt/} state directory.
 * <p>
 * Every path an agent or a user names is resolved through {@link #resolveInside(String)}, which refuses anything
 * that lands outside the root once {@code ..} and symbolic links are resolved.
 * <p>
 * Immutable and thread-safe.
 */
public final class Workspace
{
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;
    private final StateLayout layout;

    private Workspace(final Path root)
    {
        this.root = root;
        this.layout = StateLayout.of(root);
    }

    /**
     * Opens a workspace at an existing directory.
     *
     * @param directory the repository root; relative paths resolve against the current directory.
     * @return the workspace, rooted at the directory's real path.
     * @throws RttException {@code BAD_INPUT} if the directory does not exist or is not a directory, {@code REFUSED} if
     *                      its {@code .rtt} is a symbolic link, not a directory, or another user's.
     */
    public static Workspace open(final Path directory)
    {
        final Path absolute = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "workspace is not a directory: " + absolute);
        }
        final Workspace workspace;
        try
        {
            workspace = new Workspace(absolute.toRealPath());
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot resolve workspace " + absolute + ": " + ex, ex);
        }
        workspace.checkStateDir();
        return workspace;
    }

    /**
     * Creates the state directory owner-only, or checks the one there: a {@code .rtt} that is a symbolic link (to
     * another workspace's state, whose key would then sign here), that another user owns, or that others may write
     * in is refused. Everything RTT keeps lies under it, so its mode keeps every file in it from other users.
     */
    private void checkStateDir()
    {
        final Path state = layout.stateDir();
        try
        {
            if (!Files.exists(state, LinkOption.NOFOLLOW_LINKS))
            {
                Files.createDirectory(state, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                return;
            }
            if (Files.isSymbolicLink(state) || !Files.isDirectory(state, LinkOption.NOFOLLOW_LINKS))
            {
                throw new RttException(RttException.Kind.REFUSED, state + " is " + (Files.isSymbolicLink(state) ?
                    "a symbolic link" : "not a directory") + "; RTT keeps a workspace's keys and log in its own " +
                    ".rtt directory only: remove it and run again");
            }
            final Object owner = Files.getAttribute(state, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            final Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!owner.equals(self))
            {
                throw new RttException(RttException.Kind.REFUSED, state + " is owned by uid " + owner + ", not by " +
                    "this user (uid " + self + "); RTT uses only state the user owns");
            }
            final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(state, LinkOption.NOFOLLOW_LINKS);
            if (!mode.equals(OWNER_ONLY))
            {
                // Owned by this user: tighten it (state written by earlier versions was 0755).
                Files.setPosixFilePermissions(state, OWNER_ONLY);
            }
        }
        catch (final FileAlreadyExistsException raced)
        {
            checkStateDir();
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot create or check " + state + ": " + ex, ex);
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
     * The layout of the workspace's state: every path under {@code .rtt/} and the policy file.
     *
     * @return the layout.
     */
    public StateLayout layout()
    {
        return layout;
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
