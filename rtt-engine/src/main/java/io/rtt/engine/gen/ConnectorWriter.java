package io.rtt.engine.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.rtt.engine.RttException;
import io.rtt.engine.fs.AtomicFiles;

/**
 * Writes generated files, keeping what a person wrote inside their {@link KeptRegions}: each file is first prepared
 * (its previous version read, its regions put back, compared), and only once every file of a run is prepared are
 * they written, each atomically, so a refused file leaves every file as it was. A file whose bytes would not change
 * is not touched.
 */
final class ConnectorWriter
{
    /** Source files anyone on the machine may read, as a checkout's are. */
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");

    /** What writing did to a file. */
    enum Status
    {
        /** The file did not exist. */
        CREATED,
        /** The file changed. */
        UPDATED,
        /** The file already had these bytes and was not written. */
        UNCHANGED;

        /**
         * The status as reports show it.
         *
         * @return e.g. {@code created}.
         */
        String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A file ready to be written.
     *
     * @param path   where it goes.
     * @param bytes  its content, kept regions included.
     * @param status what writing it does.
     */
    record Prepared(Path path, byte[] bytes, Status status)
    {
    }

    private ConnectorWriter()
    {
    }

    /**
     * Prepares a file: reads its previous version, if any, and puts its kept regions into the new text.
     *
     * @param path      where the file goes.
     * @param generated the rendered file.
     * @param shown     the file's name in messages (workspace-relative).
     * @return the prepared file.
     * @throws RttException {@code BAD_INPUT} when the previous version's regions cannot be kept (see
     *                      {@link KeptRegions}), {@code REFUSED} for a symbolic link, {@code IO} when it cannot be
     *                      read.
     */
    static Prepared prepare(final Path path, final GeneratedFile generated, final String shown)
    {
        if (Files.isSymbolicLink(path))
        {
            throw new RttException(RttException.Kind.REFUSED, shown + " is a symbolic link; rtt gen writes only " +
                "files of its own there: remove the link, or generate elsewhere with --out");
        }
        final byte[] previous;
        try
        {
            previous = Files.readAllBytes(path);
        }
        catch (final NoSuchFileException absent)
        {
            return new Prepared(path, generated.text().getBytes(StandardCharsets.UTF_8), Status.CREATED);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read " + shown + ": " + ex, ex);
        }
        final Map<String, String> kept = KeptRegions.parse(new String(previous, StandardCharsets.UTF_8), shown);
        final byte[] bytes = KeptRegions.splice(generated.text(), kept, shown).getBytes(StandardCharsets.UTF_8);
        return new Prepared(path, bytes, Arrays.equals(previous, bytes) ? Status.UNCHANGED : Status.UPDATED);
    }

    /**
     * Writes a prepared file atomically, unless it is unchanged.
     *
     * @param file  the prepared file.
     * @param shown the file's name in messages.
     * @throws RttException {@code IO} when it cannot be written; the file is then as it was.
     */
    static void write(final Prepared file, final String shown)
    {
        if (file.status() == Status.UNCHANGED)
        {
            return;
        }
        try
        {
            // a generated file is rebuilt from the log at will: a crash costs a rerun, never a torn file
            AtomicFiles.write(file.path(), file.bytes(), MODE, false);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot write " + shown + ": " + ex, ex);
        }
    }
}
