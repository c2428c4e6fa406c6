package io.rtt.engine.scan.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A manifest's bytes, read once, with its workspace-relative name and line lookup.
 *
 * @param path         absolute path.
 * @param relativePath workspace-relative path with {@code /} separators.
 * @param bytes        the content.
 */
public record ManifestFile(Path path, String relativePath, byte[] bytes)
{
    /**
     * The content as UTF-8 text.
     *
     * @return the text.
     */
    public String text()
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The workspace-relative directory holding the file.
     *
     * @return the directory, or {@code "."} for the root.
     */
    public String directory()
    {
        final int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? "." : relativePath.substring(0, slash);
    }

    /**
     * A path the manifest names relative to its own directory (an include, an env_file, a module), if it is a valid
     * path that stays inside the workspace once {@code ..} and symbolic links are resolved.
     *
     * @param name the path as the manifest writes it.
     * @return the absolute path, or {@code null} if the name is no valid path or leaves the workspace.
     */
    public Path sibling(final String name)
    {
        final Path root = workspaceRoot();
        try
        {
            final Path candidate = path.resolveSibling(name).normalize();
            if (!candidate.startsWith(root))
            {
                return null;
            }
            if (Files.exists(candidate) && !candidate.toRealPath().startsWith(root.toRealPath()))
            {
                return null;
            }
            return candidate;
        }
        catch (final InvalidPathException | IOException ex)
        {
            return null;
        }
    }

    /**
     * The workspace-relative form of a path inside the workspace.
     *
     * @param inside an absolute path inside the workspace, e.g. from {@link #sibling(String)}.
     * @return the path relative to the workspace root, with {@code /} separators, {@code "."} for the root.
     */
    public String relative(final Path inside)
    {
        final String text = workspaceRoot().relativize(inside).toString().replace('\\', '/');
        return text.isEmpty() ? "." : text;
    }

    private Path workspaceRoot()
    {
        Path root = path;
        for (int i = 0; i < relativePath.split("/").length && root != null; i++)
        {
            root = root.getParent();
        }
        return root == null ? path.getRoot() : root;
    }

    /**
     * The file's name without its directory.
     *
     * @return the file name.
     */
    public String fileName()
    {
        return path.getFileName().toString();
    }
}
