package io.rtt.engine.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;

/**
 * The lanes of a workspace: where their files live and the published list of served routes
 * ({@code .rtt/lanes/routes.json}, canonical JSON) that clients connect by. Lane files go in {@code .rtt/lanes}
 * unless its path leaves too little of the sun_path limit for a socket name; then in a short directory under the
 * system temporary directory named after the workspace.
 */
public final class LaneDirectory
{
    /** Format of the published routes document. */
    public static final String FORMAT = "rtt.lanes/1";
    /** Room a lane's longest file name needs after the directory: {@code /r2147483647.sock}. */
    private static final int LONGEST_NAME = "/r2147483647.sock".length();

    private final Path routesFile;
    private final Path laneDir;

    private LaneDirectory(final Path routesFile, final Path laneDir)
    {
        this.routesFile = routesFile;
        this.laneDir = laneDir;
    }

    /**
     * The lane directory of a workspace.
     *
     * @param workspace the workspace.
     * @return its lane directory (nothing is created yet).
     */
    public static LaneDirectory of(final Workspace workspace)
    {
        final Path home = workspace.layout().lanesDir();
        final Path laneDir = home.toString().getBytes(StandardCharsets.UTF_8).length + LONGEST_NAME <=
            Doorbell.MAX_SOCKET_PATH_BYTES ? home : Path.of(System.getProperty("java.io.tmpdir"),
            "rtt-" + Digests.sha256(home.toString().getBytes(StandardCharsets.UTF_8)).substring(7, 19));
        return new LaneDirectory(workspace.layout().publishedLanesFile(), laneDir);
    }

    /**
     * The number a route carries in frame headers: stable for a route id, positive.
     *
     * @param route the route id.
     * @return its number.
     */
    public static int routeNumber(final String route)
    {
        final CRC32C crc = new CRC32C();
        crc.update(route.getBytes(StandardCharsets.UTF_8));
        return Math.max(1, (int)(crc.getValue() & 0x7FFF_FFFF));
    }

    /**
     * The directory lane files go in, created owner-only on first use.
     *
     * @throws IllegalStateException when it exists but another user owns it or others may write in it: lanes
     *                               there could be replaced or read by them (a predictable name under /tmp).
     */
    public Path laneDir()
    {
        try
        {
            if (!Files.isDirectory(laneDir, LinkOption.NOFOLLOW_LINKS))
            {
                Files.createDirectories(laneDir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            final Object owner = Files.getAttribute(laneDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            final Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(laneDir, LinkOption.NOFOLLOW_LINKS);
            if (!owner.equals(self) || mode.contains(PosixFilePermission.GROUP_WRITE) ||
                mode.contains(PosixFilePermission.OTHERS_WRITE))
            {
                throw new IllegalStateException("lane directory " + laneDir + " is owned by uid " + owner +
                    " with mode " + PosixFilePermissions.toString(mode) + "; it must be this user's and writable " +
                    "by nobody else: remove it, or move the workspace to a shorter path");
            }
            return laneDir;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create lane directory " + laneDir, ex);
        }
    }

    /**
     * Publishes the served routes, replacing the list atomically.
     *
     * @param addresses every served route.
     */
    public void publish(final List<LaneAddress> addresses)
    {
        final List<LaneAddress> sorted = addresses.stream()
            .sorted(Comparator.comparing(LaneAddress::route)).toList();
        try
        {
            Files.createDirectories(routesFile.getParent());
            AtomicFiles.write(routesFile, Json.canonicalBytes(new Published(FORMAT, sorted)),
                PosixFilePermissions.fromString("rw-------"), false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot publish routes to " + routesFile, ex);
        }
    }

    /** Removes the published list: nothing is served. */
    public void unpublish()
    {
        try
        {
            Files.deleteIfExists(routesFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove " + routesFile, ex);
        }
    }

    /**
     * The published routes.
     *
     * @return every served route; empty when no panel serves this workspace.
     */
    public List<LaneAddress> published()
    {
        try
        {
            final Published published = Json.MAPPER.readValue(Files.readAllBytes(routesFile), Published.class);
            if (!FORMAT.equals(published.format()))
            {
                throw new IllegalArgumentException(routesFile + " has format " + published.format() + ", expected " +
                    FORMAT);
            }
            return published.routes();
        }
        catch (final NoSuchFileException ex)
        {
            return List.of();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + routesFile, ex);
        }
    }

    /**
     * Finds a served route.
     *
     * @param route the route id, {@code from->to}.
     * @return its lane.
     * @throws IllegalArgumentException naming the served routes when it is not one of them.
     */
    public LaneAddress find(final String route)
    {
        final List<LaneAddress> published = published();
        return published.stream().filter(a -> a.route().equals(route)).findFirst().orElseThrow(() ->
            new IllegalArgumentException("route " + route + " is not served" + (published.isEmpty() ?
                "; is `rtt serve` running on this workspace?" : "; served routes: " +
                published.stream().map(LaneAddress::route).collect(Collectors.joining(", ")))));
    }

    /** The published document. */
    record Published(String format, List<LaneAddress> routes)
    {
    }
}
