package io.rtt.engine.scan.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.rtt.engine.json.Digests;

/**
 * What a walk's outcome depends on, by {@code lstat}: the modification time of every directory it entered (which
 * changes when an entry is added, removed or renamed) and the size and modification time of every file it kept
 * and every {@code .gitignore} it read. If none of these changed, neither did anything the scan reads.
 * <p>
 * Modification times are compared at the file system's resolution (nanoseconds on ext4, XFS, btrfs); a file
 * rewritten with the same size within one tick of the previous scan goes unnoticed, as it does for git's index.
 *
 * @param directories directory stamps (size 0), sorted by path.
 * @param files       wanted file stamps, sorted by path.
 * @param ignoreFiles {@code .gitignore} stamps, sorted by path.
 * @param digest      {@code sha256:} over all stamps, equal for equal trees.
 */
public record TreeStamps(List<Stamp> directories, List<Stamp> files, List<Stamp> ignoreFiles, String digest)
{
    /**
     * One path's stamp.
     *
     * @param path          workspace-relative path.
     * @param size          size in bytes; 0 for directories.
     * @param modifiedNanos modification time in nanoseconds since the epoch; written as a JSON string, since
     *                      canonical JSON carries only integers up to 2^53 exactly.
     */
    public record Stamp(
        String path, long size, @JsonFormat(shape = JsonFormat.Shape.STRING) long modifiedNanos)
    {
    }

    /**
     * Validates the stamps.
     */
    public TreeStamps
    {
        Objects.requireNonNull(digest, "digest");
        directories = List.copyOf(directories);
        files = List.copyOf(files);
        ignoreFiles = List.copyOf(ignoreFiles);
    }

    /**
     * Stamps from a walk, sorted, with their digest.
     *
     * @param directories directory stamps in any order.
     * @param files       wanted file stamps in any order.
     * @param ignoreFiles ignore file stamps in any order.
     * @return the stamps.
     */
    public static TreeStamps of(final List<Stamp> directories, final List<Stamp> files, final List<Stamp> ignoreFiles)
    {
        final Comparator<Stamp> byPath = Comparator.comparing(Stamp::path);
        final List<Stamp> d = directories.stream().sorted(byPath).toList();
        final List<Stamp> f = files.stream().sorted(byPath).toList();
        final List<Stamp> i = ignoreFiles.stream().sorted(byPath).toList();
        final StringBuilder text = new StringBuilder();
        for (final List<Stamp> group : List.of(d, f, i))
        {
            for (final Stamp stamp : group)
            {
                text.append(stamp.path).append('\0').append(stamp.size).append('\0').append(stamp.modifiedNanos)
                    .append('\n');
            }
            text.append('\u0001');
        }
        return new TreeStamps(d, f, i, Digests.sha256(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Whether every stamped path still has the same stamp.
     *
     * @param root the workspace root the paths are relative to.
     * @return true if nothing the scan depends on changed.
     */
    public boolean unchanged(final Path root)
    {
        return directories.parallelStream().allMatch(s -> same(root, s)) &&
            files.parallelStream().allMatch(s -> same(root, s)) && ignoreFiles.stream().allMatch(s -> same(root, s));
    }

    private static boolean same(final Path root, final Stamp stamp)
    {
        try
        {
            final BasicFileAttributes now = Files.readAttributes(
                ".".equals(stamp.path) ? root : root.resolve(stamp.path), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            return WorkspaceWalker.nanos(now) == stamp.modifiedNanos && (now.isDirectory() || now.size() == stamp.size);
        }
        catch (final IOException ex)
        {
            return false; // gone or unreadable: changed
        }
    }
}
