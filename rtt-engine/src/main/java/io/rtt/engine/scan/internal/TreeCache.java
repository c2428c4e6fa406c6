package io.rtt.engine.scan.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.json.Json;

/**
 * What the last whole-workspace scan depended on, kept beside the index ({@code .rtt/index/tree.json}) so a new
 * process can answer an unchanged tree without walking or parsing it.
 *
 * @param format  {@value #FORMAT}.
 * @param engine  identity of the scanning code; a rebuilt engine invalidates the cache.
 * @param index   digest of the index this tree produced.
 * @param visited files the walk saw.
 * @param stamps  the stamps of the tree.
 */
public record TreeCache(String format, String engine, String index, long visited, TreeStamps stamps)
{
    /** Format of the cache file. */
    public static final String FORMAT = "rtt.tree-cache/1";

    /**
     * Validates the record.
     */
    public TreeCache
    {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(stamps, "stamps");
    }

    /**
     * Reads a cache file.
     *
     * @param file the cache file.
     * @return the cache, or {@code null} if it is absent, unreadable or of another format (then the scan walks).
     */
    public static TreeCache read(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        try
        {
            final TreeCache cache = Json.MAPPER.readValue(Files.readAllBytes(file), TreeCache.class);
            return FORMAT.equals(cache.format()) ? cache : null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null; // a damaged cache only costs a full scan
        }
    }

    /**
     * Writes the cache file atomically, unsynced: a lost or torn cache only costs a full scan.
     *
     * @param file the cache file.
     * @throws IOException if it cannot be written.
     */
    public void write(final Path file) throws IOException
    {
        AtomicFiles.write(file, Json.canonicalBytes(this), null, false);
    }

    /**
     * An identity of the code that scans: the location, size and modification time of the engine's classes, so a
     * rebuilt RTT never trusts a cache an older cataloger wrote.
     *
     * @return the identity, or {@code "unknown"}.
     */
    public static String engineIdentity()
    {
        try
        {
            final Path code = Path.of(TreeCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path stamped = Files.isDirectory(code) ? code.resolve(
                TreeCache.class.getName().replace('.', '/') + ".class") : code;
            return code + "@" + Files.size(stamped) + "@" + Files.getLastModifiedTime(stamped).toMillis();
        }
        catch (final Exception ex)
        {
            return "unknown";
        }
    }
}
