package io.rtt.engine.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import io.rtt.engine.RttException;

/**
 * Reads a file RTT keeps only if it is a regular file (never a FIFO, a device or a link, which could hang or feed a
 * reader without end) no larger than its format allows, so a damaged or hostile state directory gets a clear
 * refusal instead of a hang or an {@link OutOfMemoryError}.
 */
public final class BoundedRead
{
    private BoundedRead()
    {
    }

    /**
     * Reads a whole regular file of at most {@code maxBytes}.
     *
     * @param file     the file.
     * @param maxBytes the largest size its format allows.
     * @param what     what the file is, for messages ("WAL segment", "graph object").
     * @return its bytes.
     * @throws RttException  {@code REFUSED} if it is not a regular file or is larger than {@code maxBytes}.
     * @throws IOException   if it cannot be read (a missing file throws {@link java.nio.file.NoSuchFileException}).
     */
    public static byte[] readAllBytes(final Path file, final int maxBytes, final String what) throws IOException
    {
        final BasicFileAttributes attributes =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile())
        {
            throw new RttException(RttException.Kind.REFUSED, what + " " + file + " is not a regular file (" +
                (attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory" :
                "a FIFO, socket or device") + "); it is not read");
        }
        if (attributes.size() > maxBytes)
        {
            throw tooLarge(file, attributes.size(), maxBytes, what);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))
        {
            final byte[] bytes = in.readNBytes(maxBytes);
            if (in.read() != -1)
            {
                throw tooLarge(file, maxBytes + 1L, maxBytes, what);
            }
            return bytes;
        }
    }

    private static RttException tooLarge(final Path file, final long size, final int maxBytes, final String what)
    {
        return new RttException(RttException.Kind.REFUSED, what + " " + file + " is " + size + " bytes or more, " +
            "larger than its format allows (" + maxBytes + "); it is damaged and is not read");
    }
}
