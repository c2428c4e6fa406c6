package io.rtt.engine.scan.internal;

import java.nio.charset.StandardCharsets;
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
     * The file's name without its directory.
     *
     * @return the file name.
     */
    public String fileName()
    {
        return path.getFileName().toString();
    }
}
