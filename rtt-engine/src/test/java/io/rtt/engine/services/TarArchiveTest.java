package io.rtt.engine.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tar extraction: archives GNU tar writes in each of its formats, and hand-made ones that try to leave the tree. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TarArchiveTest
{
    private static final String LONG_DIR = "share/" + "timezone-names-that-go-on/".repeat(6);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "ustar", "pax"})
    void shouldExtractFilesDirectoriesLinksAndLongNamesAsGnuTarWroteThem(final String format) throws Exception
    {
        final Path source = Files.createDirectories(dir.resolve("source"));
        Files.createDirectories(source.resolve("bin"));
        Files.createDirectories(source.resolve(LONG_DIR));
        Files.writeString(source.resolve("bin/postgres"), "#!/bin/sh\necho postgres\n");
        Files.setPosixFilePermissions(source.resolve("bin/postgres"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(source.resolve(LONG_DIR + "UTC"), "zone");
        Files.createDirectories(source.resolve("lib"));
        Files.write(source.resolve("lib/libpq.so.5.14"), new byte[70_000]);
        Files.createSymbolicLink(source.resolve("lib/libpq.so.5"), Path.of("libpq.so.5.14"));
        final Path archive = dir.resolve("tree.tar");
        final Process tar = new ProcessBuilder("tar", "--format=" + format, "-cf", archive.toString(), "-C",
            source.toString(), "bin", "lib", "share").redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        final Path dest = Files.createDirectories(dir.resolve("dest"));

        try (InputStream in = Files.newInputStream(archive))
        {
            TarArchive.extract(in, dest);
        }

        assertEquals("#!/bin/sh\necho postgres\n", Files.readString(dest.resolve("bin/postgres")));
        assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            dest.resolve("bin/postgres"))));
        assertEquals("zone", Files.readString(dest.resolve(LONG_DIR + "UTC")));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            dest.resolve(LONG_DIR + "UTC"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("lib"))));
        assertEquals(70_000, Files.size(dest.resolve("lib/libpq.so.5.14")));
        assertEquals(Path.of("libpq.so.5.14"), Files.readSymbolicLink(dest.resolve("lib/libpq.so.5")));
    }

    @Test
    void shouldRefuseAnEntryThatClimbsOutOfTheTree() throws Exception
    {
        assertRefused("tar entry ../evil: refused (it leaves the archive's directory)",
            entry("../evil", '0', "", "x"));
    }

    @Test
    void shouldRefuseAnAbsoluteEntry() throws Exception
    {
        assertRefused("tar entry /tmp/evil: refused (it leaves the archive's directory)",
            entry("/tmp/evil", '0', "", "x"));
    }

    @Test
    void shouldRefuseALinkWhoseTargetLeavesTheTree() throws Exception
    {
        assertRefused("tar entry lib/up: link target ../../etc refused (it leaves the archive's directory)",
            entry("lib/up", '2', "../../etc", ""));
    }

    @Test
    void shouldRefuseAnEntryWrittenThroughALink() throws Exception
    {
        assertRefused("tar entry here/x: refused (its path runs through the symbolic link here)",
            entry("here", '2', ".", ""), entry("here/x", '0', "", "x"));
    }

    @Test
    void shouldRefuseHardLinks() throws Exception
    {
        assertRefused("tar entry lib/hard: type '1' refused (only files, directories and symbolic links are " +
            "extracted)", entry("lib/hard", '1', "lib/file", ""));
    }

    @Test
    void shouldRefuseATruncatedArchive() throws Exception
    {
        final byte[] whole = entry("bin/postgres", '0', "", "x".repeat(600));
        final byte[] cut = Arrays.copyOf(whole, 700);
        final Path dest = Files.createDirectories(dir.resolve("dest"));

        final IOException ex = assertThrows(IOException.class,
            () -> TarArchive.extract(new ByteArrayInputStream(cut), dest));

        assertEquals("tar truncated in the data of " + dest.toAbsolutePath().resolve("bin/postgres"),
            ex.getMessage());
    }

    private void assertRefused(final String message, final byte[]... entries) throws IOException
    {
        final ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (final byte[] entry : entries)
        {
            tar.write(entry);
        }
        tar.write(new byte[TarArchive.BLOCK_BYTES * 2]);
        final Path dest = Files.createDirectories(dir.resolve("dest"));

        final IOException ex = assertThrows(IOException.class,
            () -> TarArchive.extract(new ByteArrayInputStream(tar.toByteArray()), dest));

        assertEquals(message, ex.getMessage());
        try (var left = Files.list(dir))
        {
            assertEquals(List.of(dest), left.toList(), "nothing written beside the tree");
        }
        assertFalse(Files.exists(Path.of("/tmp/evil")));
        assertTrue(Files.isDirectory(dest));
    }

    /** One ustar entry: header (no checksum: the reader, like the archive's digest check, does not need it). */
    private static byte[] entry(final String name, final char type, final String link, final String data)
    {
        final byte[] header = new byte[TarArchive.BLOCK_BYTES];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 124, String.format("%011o", data.length()));
        header[156] = (byte)type;
        put(header, 157, link);
        put(header, 257, "ustar");
        put(header, 263, "00");
        final int padded = (data.length() + TarArchive.BLOCK_BYTES - 1) / TarArchive.BLOCK_BYTES *
            TarArchive.BLOCK_BYTES;
        final byte[] entry = new byte[TarArchive.BLOCK_BYTES + padded];
        System.arraycopy(header, 0, entry, 0, header.length);
        put(entry, TarArchive.BLOCK_BYTES, data);
        return entry;
    }

    private static void put(final byte[] block, final int offset, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, block, offset, bytes.length);
    }
}
