package io.rtt.engine.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Replaces files atomically: write a temporary sibling, fsync it, rename it over the target, fsync the directory.
 * A reader sees the old content or the new, never a torn file; a crash leaves at worst a stray temporary.
 */
public final class AtomicFiles
{
    private AtomicFiles()
    {
    }

    /**
     * Writes a file atomically and durably (synced before and after the rename), creating its parent directories.
     *
     * @param target      the file to replace.
     * @param bytes       its new content.
     * @param permissions POSIX permissions for the new file, or {@code null} for the process default.
     * @throws IOException if writing, syncing or renaming fails; the target is then unchanged.
     */
    public static void write(
        final Path target, final byte[] bytes, final @Nullable Set<PosixFilePermission> permissions)
        throws IOException
    {
        write(target, bytes, permissions, true);
    }

    /**
     * Writes a file atomically, creating its parent directories; durably only if asked. Derived data that is
     * verified when read (a cache checked against a digest) can skip the syncs: a crash then costs a rebuild, never
     * a torn file.
     *
     * @param target      the file to replace.
     * @param bytes       its new content.
     * @param permissions POSIX permissions for the new file, or {@code null} for the process default.
     * @param durable     whether to fsync the file and its directory.
     * @throws IOException if writing, syncing or renaming fails; the target is then unchanged.
     */
    public static void write(
        final Path target, final byte[] bytes, final @Nullable Set<PosixFilePermission> permissions,
        final boolean durable)
        throws IOException
    {
        final Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        final Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try
        {
            if (permissions != null)
            {
                Files.setPosixFilePermissions(temporary, permissions);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                if (durable)
                {
                    channel.force(true);
                }
            }
            try
            {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (durable)
            {
                syncDirectory(directory);
            }
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
    }

    private static void syncDirectory(final Path directory)
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems cannot open or sync a directory; the rename is still atomic there.
        }
    }
}
