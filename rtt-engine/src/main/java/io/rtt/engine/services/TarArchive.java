package io.rtt.engine.services;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Extracts a tar stream into a fresh directory: POSIX ustar with its name prefix, GNU long names ({@code L},
 * {@code K}) and pax {@code path}/{@code linkpath} records. The JDK reads no tar, and the one archive it reads (the
 * bundled Postgres, already checked by digest) needs no more than this.
 * <p>
 * Nothing lands outside the directory: an absolute name, a name that climbs out, a symbolic link whose target climbs
 * out, and an entry whose path runs through a symbolic link are refused; hard links, devices and FIFOs too. Modes are
 * normalised, since the tree is shared read-only by whoever runs it: a file is 0555 when its owner may execute it and
 * 0444 otherwise, a directory 0755.
 * <pre>
 * header, 512 bytes:  0 name[100]  100 mode[8]  124 size[12]  156 typeflag  157 linkname[100]  257 magic[6]
 *                     345 prefix[155] (ustar only)   then the data, padded to a multiple of 512; two zero blocks end it
 * </pre>
 */
final class TarArchive
{
    /** The unit of a tar stream: every header and every padded data run is a multiple of it. */
    static final int BLOCK_BYTES = 512;
    private static final int NAME_OFFSET = 0;
    private static final int NAME_LENGTH = 100;
    private static final int MODE_OFFSET = 100;
    private static final int MODE_LENGTH = 8;
    private static final int SIZE_OFFSET = 124;
    private static final int SIZE_LENGTH = 12;
    private static final int TYPE_OFFSET = 156;
    private static final int LINK_OFFSET = 157;
    private static final int LINK_LENGTH = 100;
    private static final int MAGIC_OFFSET = 257;
    private static final int PREFIX_OFFSET = 345;
    private static final int PREFIX_LENGTH = 155;
    private static final byte[] USTAR_MAGIC = "ustar\0".getBytes(StandardCharsets.US_ASCII);
    /** Bounds a GNU long name or pax header read into memory. */
    private static final int MAX_META_BYTES = 64 * 1024;
    private static final int OWNER_EXECUTE = 0100;
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("r-xr-xr-x");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("r--r--r--");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private TarArchive()
    {
    }

    /**
     * Extracts every entry of a tar stream under a directory.
     *
     * @param in   the tar stream, read to its end-of-archive blocks.
     * @param dest the existing, empty directory the entries land in.
     * @throws IOException when the stream is truncated or malformed, when an entry is refused (see the class note),
     *                     or when a file cannot be written.
     */
    static void extract(final InputStream in, final Path dest) throws IOException
    {
        final Path root = dest.toAbsolutePath().normalize();
        final byte[] header = new byte[BLOCK_BYTES];
        String longName = null;
        String longLink = null;
        while (true)
        {
            readFully(in, header, "a header");
            if (allZero(header))
            {
                return;
            }
            final long size = number(header, SIZE_OFFSET, SIZE_LENGTH);
            final char type = (char)header[TYPE_OFFSET];
            switch (type)
            {
                case 'L' -> longName = cString(meta(in, size), 0, (int)size);
                case 'K' -> longLink = cString(meta(in, size), 0, (int)size);
                case 'x' ->
                {
                    final byte[] pax = meta(in, size);
                    final String path = paxValue(pax, "path");
                    final String linkPath = paxValue(pax, "linkpath");
                    longName = path != null ? path : longName;
                    longLink = linkPath != null ? linkPath : longLink;
                }
                case 'g' -> skip(in, size);
                default ->
                {
                    final String name = longName != null ? longName : name(header);
                    final String link = longLink != null ? longLink : cString(header, LINK_OFFSET, LINK_LENGTH);
                    longName = null;
                    longLink = null;
                    final Path target = target(root, name);
                    final int mode = (int)number(header, MODE_OFFSET, MODE_LENGTH);
                    switch (type)
                    {
                        case '0', '\0', '7' -> writeFile(in, size, target, mode);
                        case '5' ->
                        {
                            if (!target.equals(root))
                            {
                                directories(target);
                            }
                            skip(in, size);
                        }
                        case '2' ->
                        {
                            symlink(root, target, link);
                            skip(in, size);
                        }
                        default -> throw new IOException("tar entry " + name + ": type '" + type +
                            "' refused (only files, directories and symbolic links are extracted)");
                    }
                }
            }
        }
    }

    private static void writeFile(final InputStream in, final long size, final Path target, final int mode)
        throws IOException
    {
        final Path parent = target.getParent();
        directories(parent);
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))
        {
            final byte[] buffer = new byte[64 * 1024];
            long left = size;
            while (left > 0)
            {
                final int read = in.read(buffer, 0, (int)Math.min(buffer.length, left));
                if (read < 0)
                {
                    throw new EOFException("tar truncated in the data of " + target);
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }
        skip(in, padding(size));
        Files.setPosixFilePermissions(target, (mode & OWNER_EXECUTE) != 0 ? EXECUTABLE : READABLE);
    }

    private static void symlink(final Path root, final Path target, final String link) throws IOException
    {
        final Path parent = target.getParent();
        if (link.isEmpty() || link.startsWith("/") || !parent.resolve(link).normalize().startsWith(root))
        {
            throw new IOException("tar entry " + root.relativize(target) + ": link target " + link +
                " refused (it leaves the archive's directory)");
        }
        directories(parent);
        Files.createSymbolicLink(target, Path.of(link));
    }

    /** Creates a directory and its missing parents, 0755; the root and every existing parent are already checked. */
    private static void directories(final Path dir) throws IOException
    {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final Path parent = dir.getParent();
        if (parent != null)
        {
            directories(parent);
        }
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, DIRECTORY);
    }

    /** Where an entry lands: inside the root, and through no symbolic link an earlier entry made. */
    private static Path target(final Path root, final String name) throws IOException
    {
        final Path target = root.resolve(name).normalize();
        if (name.isEmpty() || name.startsWith("/") || !target.startsWith(root))
        {
            throw new IOException("tar entry " + name + ": refused (it leaves the archive's directory)");
        }
        for (Path each = target; !each.equals(root); each = each.getParent())
        {
            if (Files.isSymbolicLink(each))
            {
                throw new IOException("tar entry " + name + ": refused (its path runs through the symbolic link " +
                    root.relativize(each) + ")");
            }
        }
        return target;
    }

    private static String name(final byte[] header)
    {
        final String name = cString(header, NAME_OFFSET, NAME_LENGTH);
        if (Arrays.equals(header, MAGIC_OFFSET, MAGIC_OFFSET + USTAR_MAGIC.length, USTAR_MAGIC, 0,
            USTAR_MAGIC.length))
        {
            final String prefix = cString(header, PREFIX_OFFSET, PREFIX_LENGTH);
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }
        return name;
    }

    /** A numeric field: octal digits, or (GNU, for large values) base-256 when the first byte's high bit is set. */
    private static long number(final byte[] header, final int offset, final int length) throws IOException
    {
        if ((header[offset] & 0x80) != 0)
        {
            long value = header[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++)
            {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        long value = 0;
        for (int i = offset; i < offset + length; i++)
        {
            final byte b = header[i];
            if (b == 0 || b == ' ')
            {
                if (value != 0)
                {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7')
            {
                throw new IOException("tar header: field at " + offset + " is not octal");
            }
            value = (value << 3) + (b - '0');
        }
        return value;
    }

    /** A pax record's value, from records of the form {@code "<length> <key>=<value>\n"}. */
    private static @Nullable String paxValue(final byte[] pax, final String key) throws IOException
    {
        int at = 0;
        String found = null;
        while (at < pax.length && pax[at] != 0)
        {
            int space = at;
            while (space < pax.length && pax[space] != ' ')
            {
                space++;
            }
            final int length;
            try
            {
                length = Integer.parseInt(new String(pax, at, space - at, StandardCharsets.US_ASCII));
            }
            catch (final NumberFormatException ex)
            {
                throw new IOException("tar pax header: bad record length", ex);
            }
            if (length <= space - at || at + length > pax.length)
            {
                throw new IOException("tar pax header: record length " + length + " out of bounds");
            }
            final String record = new String(pax, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            final int equals = record.indexOf('=');
            if (equals > 0 && record.substring(0, equals).equals(key))
            {
                found = record.substring(equals + 1);
            }
            at += length;
        }
        return found;
    }

    private static byte[] meta(final InputStream in, final long size) throws IOException
    {
        if (size < 0 || size > MAX_META_BYTES)
        {
            throw new IOException("tar metadata entry of " + size + " bytes refused (at most " + MAX_META_BYTES + ")");
        }
        final byte[] bytes = new byte[(int)size];
        readFully(in, bytes, "a metadata entry");
        skip(in, padding(size));
        return bytes;
    }

    private static String cString(final byte[] bytes, final int offset, final int length)
    {
        int end = offset;
        while (end < offset + length && bytes[end] != 0)
        {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static void skip(final InputStream in, final long bytes) throws IOException
    {
        try
        {
            in.skipNBytes(bytes);
        }
        catch (final EOFException ex)
        {
            throw new EOFException("tar truncated");
        }
    }

    private static long padding(final long size)
    {
        return (BLOCK_BYTES - size % BLOCK_BYTES) % BLOCK_BYTES;
    }

    private static void readFully(final InputStream in, final byte[] bytes, final String what) throws IOException
    {
        if (in.readNBytes(bytes, 0, bytes.length) != bytes.length)
        {
            throw new EOFException("tar truncated in " + what);
        }
    }

    private static boolean allZero(final byte[] block)
    {
        for (final byte b : block)
        {
            if (b != 0)
            {
                return false;
            }
        }
        return true;
    }
}
