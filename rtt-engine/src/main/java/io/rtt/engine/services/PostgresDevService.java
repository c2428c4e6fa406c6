package io.rtt.engine.services;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;

import io.rtt.engine.RttException;
import org.jspecify.annotations.Nullable;

/**
 * Postgres from an installed {@code initdb}/{@code postgres} of any major: a fresh cluster (trust auth, superuser
 * {@code postgres}) listening on a Unix socket only, seeded with the repository's schema files.
 * <p>
 * Postgres refuses to run as root, so when RTT runs as root every server command runs as the {@code postgres} user
 * through {@code setpriv --reuid=postgres --regid=postgres --clear-groups} (which execs, so the child is the
 * postmaster itself), and the cluster and its socket live in a directory that user owns under the system temporary
 * directory: the workspace's {@code .rtt} is 0700 to root and that user cannot reach inside it. Otherwise they live
 * in the service's own directory.
 * <p>
 * Stateless and thread-safe.
 */
final class PostgresDevService implements DevService
{
    /** The port that names the socket, {@code .s.PGSQL.5432}; no TCP port is opened. */
    static final int PORT = 5432;
    /** The user the server runs as when RTT runs as root, and the cluster's superuser. */
    static final String USER = "postgres";
    private static final String SOCKET = ".s.PGSQL." + PORT;
    private static final String READY_LINE = "ready to accept connections";

    private final List<Path> searchPath;
    private final List<Path> seedFiles;
    private final boolean root;

    /**
     * A Postgres dev service.
     *
     * @param searchPath the directories searched for {@code initdb} (the server's other binaries are its siblings).
     * @param seedFiles  the schema files run into a fresh cluster, in order.
     * @param root       whether RTT runs as root, so the server must run as {@link #USER}.
     */
    PostgresDevService(final List<Path> searchPath, final List<Path> seedFiles, final boolean root)
    {
        this.searchPath = List.copyOf(searchPath);
        this.seedFiles = List.copyOf(seedFiles);
        this.root = root;
    }

    @Override
    public String technology()
    {
        return "postgres";
    }

    @Override
    public RunningService start(final Path dir)
    {
        final Path bin = binDir();
        final List<String> asUser = asUser();
        final Path runtime = runtimeDir(dir);
        final Path data = runtime.resolve("data");
        final Path socket = runtime.resolve(SOCKET);
        final Path log = dir.resolve(DevServices.LOG_FILE);
        prepare(dir, runtime);
        ServiceProcesses.run(command(asUser, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
            "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"), runtime, log, null, "initdb " + data);
        final long from = ServiceProcesses.size(log);
        // fsync off: the cluster is thrown away on close, so durability buys nothing and costs every seed statement
        final Process process = ServiceProcesses.launch(command(asUser, bin.resolve("postgres").toString(),
            "-D", data.toString(), "-k", runtime.toString(), "-p", Integer.toString(PORT),
            "-c", "listen_addresses=", "-c", "fsync=off"), runtime, log, null);
        final ProcessHandle handle = process.toHandle();
        final Runnable stop = () ->
        {
            ServiceProcesses.stop(handle, () -> ServiceProcesses.kill(handle, "INT"));
            removeRuntime(dir, runtime);
        };
        try
        {
            ServiceProcesses.awaitReady(process, () -> Files.exists(socket) && logged(log, from), log, from,
                "postgres " + data);
            final List<Path> seeded = new ArrayList<>();
            for (final Path file : seedFiles)
            {
                ServiceProcesses.run(command(asUser, bin.resolve("psql").toString(), "-X", "-q", "-h",
                    runtime.toString(), "-p", Integer.toString(PORT), "-U", USER, "-d", USER, "-v", "ON_ERROR_STOP=1"),
                    runtime, log, file, "seeding postgres from " + file);
                seeded.add(file);
            }
            return new RunningService(technology(), endpoint(runtime), handle, seeded, stop);
        }
        catch (final RuntimeException ex)
        {
            stop.run();
            throw ex;
        }
    }

    @Override
    public boolean owns(final ProcessHandle process)
    {
        final Path bin = findBinDir();
        return bin != null && DevServices.sameExecutable(process, bin.resolve("postgres"));
    }

    @Override
    public boolean answers(final Path dir)
    {
        final Path bin = findBinDir();
        final Path runtime = runtimeDir(dir);
        if (bin == null || !Files.exists(runtime.resolve(SOCKET)))
        {
            return false;
        }
        try
        {
            ServiceProcesses.run(List.of(bin.resolve("pg_isready").toString(), "-q", "-h", runtime.toString(), "-p",
                Integer.toString(PORT), "-U", USER), dir, dir.resolve(DevServices.LOG_FILE), null, "pg_isready");
            return true;
        }
        catch (final RttException ex)
        {
            return false;
        }
    }

    @Override
    public void stopLeftover(final Path dir, final ProcessHandle process)
    {
        ServiceProcesses.stop(process, () -> ServiceProcesses.kill(process, "INT"));
        removeRuntime(dir, runtimeDir(dir));
    }

    /**
     * The libpq-style endpoint of a cluster's socket directory.
     *
     * @param socketDir the directory holding {@code .s.PGSQL.5432}.
     * @return {@code postgresql://postgres@/postgres?host=<socketDir>&port=5432}.
     */
    static URI endpoint(final Path socketDir)
    {
        try
        {
            return new URI("postgresql", USER + "@", "/" + USER, "host=" + socketDir + "&port=" + PORT, null);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("socket directory " + socketDir + " makes no URI", ex);
        }
    }

    /**
     * The directory holding a service's cluster and socket.
     *
     * @param dir the service's directory.
     * @return it, or a short directory under the temporary directory (see the class note).
     */
    Path runtimeDir(final Path dir)
    {
        return ServiceProcesses.runtimeDir(dir, "rtt-pg-", SOCKET + ".lock", root);
    }

    private Path binDir()
    {
        final Path bin = findBinDir();
        if (bin == null)
        {
            throw new RttException(RttException.Kind.IO, "no PostgreSQL server found (initdb beside postgres, psql " +
                "and pg_isready in " + searchPath + "); install one: apt-get install postgresql");
        }
        return bin;
    }

    private @Nullable Path findBinDir()
    {
        for (final Path dir : searchPath)
        {
            final Path initdb = dir.resolve("initdb");
            if (!Files.isExecutable(initdb))
            {
                continue;
            }
            try
            {
                final Path real = initdb.toRealPath().getParent();
                if (real != null && Files.isExecutable(real.resolve("postgres")) &&
                    Files.isExecutable(real.resolve("psql")) && Files.isExecutable(real.resolve("pg_isready")))
                {
                    return real;
                }
            }
            catch (final IOException ex)
            {
                continue;
            }
        }
        return null;
    }

    /** The prefix that runs a command as {@link #USER} when RTT is root; empty otherwise. */
    private List<String> asUser()
    {
        if (!root)
        {
            return List.of();
        }
        final Path setpriv = ServiceProcesses.find(ServiceProcesses.systemPath(), "setpriv");
        if (setpriv == null)
        {
            throw new RttException(RttException.Kind.IO, "RTT runs as root and Postgres refuses root, so it runs " +
                "as the postgres user through setpriv, which is missing; install it: apt-get install util-linux");
        }
        return List.of(setpriv.toString(), "--reuid=" + USER, "--regid=" + USER, "--clear-groups");
    }

    private static List<String> command(final List<String> prefix, final String... args)
    {
        final List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(args));
        return command;
    }

    /** Removes an earlier cluster and creates the runtime directory, owned by the server's user. */
    private void prepare(final Path dir, final Path runtime)
    {
        removeRuntime(dir, runtime);
        try
        {
            ServiceProcesses.createRuntime(dir, runtime);
            if (root)
            {
                final UserPrincipal user;
                final GroupPrincipal group;
                try
                {
                    user = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(USER);
                    group = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(USER);
                }
                catch (final UserPrincipalNotFoundException ex)
                {
                    throw new RttException(RttException.Kind.IO, "RTT runs as root and Postgres refuses root, so it " +
                        "runs as the postgres user, which does not exist; create it: useradd --system --user-group " +
                        "postgres", ex);
                }
                final PosixFileAttributeView view = Files.getFileAttributeView(runtime,
                    PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot prepare " + runtime + ": " + ex, ex);
        }
    }

    private static void removeRuntime(final Path dir, final Path runtime)
    {
        ServiceProcesses.deleteTree(runtime.equals(dir) ? runtime.resolve("data") : runtime);
    }

    private static boolean logged(final Path log, final long from)
    {
        try
        {
            final byte[] bytes = Files.readAllBytes(log);
            final int start = (int)Math.min(from, bytes.length);
            return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).contains(READY_LINE);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
