package io.rtt.engine.services;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.rtt.engine.RttException;
import org.jspecify.annotations.Nullable;

/**
 * Postgres from an installed {@code initdb}/{@code postgres} of any major, else from the bundled server (see
 * {@link ServiceArtifacts}): a fresh cluster (trust auth, superuser {@code postgres}) listening on a Unix socket
 * only, seeded with the repository's schema files, through {@code psql} when the server's tree has it and otherwise
 * through {@link PostgresSession} (the bundled tree has no {@code psql}).
 * <p>
 * Postgres refuses to run as root, so when RTT runs as root every server command runs as a {@link ServerUser} (the
 * {@code postgres} user, else {@code nobody}) through {@code setpriv --reuid=<uid> --regid=<gid> --clear-groups}
 * (which execs, so the child is the postmaster itself), and the cluster and its socket live in a directory that user
 * owns under the system temporary directory: the workspace's {@code .rtt} is 0700 to root and that user cannot reach
 * inside it. Otherwise they live in the service's own directory.
 * <p>
 * Stateless and thread-safe.
 */
final class PostgresDevService implements DevService
{
    /** The port that names the socket, {@code .s.PGSQL.5432}; no TCP port is opened. */
    static final int PORT = 5432;
    /** The cluster's superuser, and the user it runs as when RTT runs as root and the machine has that user. */
    static final String USER = "postgres";
    /**
     * The role the driver logs in as: no superuser, so nothing a request carries reaches a file or a program of the
     * machine ({@code COPY ... TO PROGRAM}, {@code pg_read_file}), yet it may do anything to the seeded schema.
     */
    static final String APP_ROLE = "rtt";
    /**
     * Makes {@link #APP_ROLE} and gives it what the seeds made: every schema outside the system's, its tables,
     * sequences and functions (also those made later), and Supabase's roles where the seeds made them.
     */
    private static final String GRANTS = """
        DO $$
        DECLARE
            s record;
            r record;
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rtt') THEN
                CREATE ROLE rtt LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION;
            END IF;
            GRANT ALL ON DATABASE postgres TO rtt;
            FOR s IN SELECT nspname FROM pg_namespace
                WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
            LOOP
                EXECUTE format('GRANT ALL ON SCHEMA %I TO rtt', s.nspname);
                EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO rtt', s.nspname);
                EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO rtt', s.nspname);
                EXECUTE format('GRANT ALL ON ALL FUNCTIONS IN SCHEMA %I TO rtt', s.nspname);
                EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT ALL ON TABLES TO rtt', s.nspname);
                EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT ALL ON SEQUENCES TO rtt', s.nspname);
            END LOOP;
            FOR r IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') LOOP
                EXECUTE format('GRANT %I TO rtt', r.rolname);
            END LOOP;
        END
        $$;
        """;
    private static final String SOCKET = ".s.PGSQL." + PORT;
    private static final String READY_LINE = "ready to accept connections";
    /** How long a leftover cluster may take to accept a login before it counts as not answering. */
    private static final long PROBE_TIMEOUT_MS = 2_000;

    private final List<Path> searchPath;
    private final ServiceArtifacts artifacts;
    private final List<Path> seedFiles;
    private final @Nullable ServerUser runAs;

    /**
     * A Postgres dev service.
     *
     * @param searchPath the directories searched for {@code initdb} (the server's other binaries are its siblings).
     * @param artifacts  the bundled server, extracted when the search path has none.
     * @param seedFiles  the schema files run into a fresh cluster, in order.
     * @param runAs      the user the server runs as when RTT runs as root, or {@code null} to run as RTT's user.
     */
    PostgresDevService(final List<Path> searchPath, final ServiceArtifacts artifacts, final List<Path> seedFiles,
        final @Nullable ServerUser runAs)
    {
        this.searchPath = List.copyOf(searchPath);
        this.artifacts = artifacts;
        this.seedFiles = List.copyOf(seedFiles);
        this.runAs = runAs;
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
        final List<String> asUser = asUser(bin);
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
            final Path psql = bin.resolve("psql");
            for (final Path file : seedFiles)
            {
                if (Files.isExecutable(psql))
                {
                    ServiceProcesses.run(command(asUser, psql.toString(), "-X", "-q", "-h", runtime.toString(), "-p",
                        Integer.toString(PORT), "-U", USER, "-d", USER, "-v", "ON_ERROR_STOP=1"), runtime, log, file,
                        "seeding postgres from " + file);
                }
                else
                {
                    seed(socket, file);
                }
                seeded.add(file);
            }
            grantApplicationRole(socket);
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
        return bin != null && DevServices.sameExecutable(process, bin.resolve("postgres")) ||
            DevServices.sameExecutable(process, artifacts.postgresBinDir().resolve("postgres"));
    }

    @Override
    public boolean answers(final Path dir)
    {
        final Path socket = runtimeDir(dir).resolve(SOCKET);
        return Files.exists(socket) && PostgresSession.ready(socket, USER, PROBE_TIMEOUT_MS);
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
     * @return {@code postgresql://rtt@/postgres?host=<socketDir>&port=5432}: the application role's.
     */
    static URI endpoint(final Path socketDir)
    {
        try
        {
            return new URI("postgresql", APP_ROLE + "@", "/" + USER, "host=" + socketDir + "&port=" + PORT, null);
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
        return ServiceProcesses.runtimeDir(dir, "rtt-pg-", SOCKET + ".lock", runAs != null);
    }

    /** The installed server's bin directory, else the bundled one's, extracted now when it is not cached. */
    private Path binDir()
    {
        final Path bin = findBinDir();
        if (bin != null)
        {
            return bin;
        }
        try
        {
            return artifacts.extractPostgres();
        }
        catch (final RttException ex)
        {
            throw new RttException(RttException.Kind.IO, "no PostgreSQL server installed (initdb beside postgres in " +
                searchPath + "), and " + ex.getMessage(), ex);
        }
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
                if (real != null && Files.isExecutable(real.resolve("postgres")))
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

    /** The prefix that runs a command as {@link #runAs} when RTT is root; empty otherwise. */
    private List<String> asUser(final Path bin)
    {
        if (runAs == null)
        {
            return List.of();
        }
        final Path setpriv = ServiceProcesses.find(ServiceProcesses.systemPath(), "setpriv");
        if (setpriv == null)
        {
            throw new RttException(RttException.Kind.IO, "RTT runs as root and Postgres refuses root, so it runs " +
                "as " + runAs.name() + " through setpriv, which is missing; install it: apt-get install util-linux");
        }
        try
        {
            final Path blocked = runAs.blocked(bin.resolve("postgres"));
            if (blocked != null)
            {
                throw new RttException(RttException.Kind.IO, "RTT runs as root and Postgres refuses root, so it " +
                    "runs as " + runAs.name() + " (uid " + runAs.uid() + "), which cannot reach " +
                    bin.resolve("postgres") + ": " + blocked + " is " + ServerUser.describe(blocked) +
                    "; let it through: chmod o+x " + blocked);
            }
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read the permissions on the way to " + bin + ": " +
                ex, ex);
        }
        return runAs.prefix(setpriv);
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
            if (runAs != null)
            {
                Files.setAttribute(runtime, "unix:uid", runAs.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(runtime, "unix:gid", runAs.gid(), LinkOption.NOFOLLOW_LINKS);
            }
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot prepare " + runtime + ": " + ex, ex);
        }
    }

    /** Runs a schema file into the cluster over its socket, for a server tree without psql. */
    private static void seed(final Path socket, final Path file)
    {
        try (PostgresSession session = PostgresSession.open(socket, USER, ServiceProcesses.START_TIMEOUT_MS))
        {
            final String error = session.query(Files.readString(file, StandardCharsets.UTF_8));
            if (error != null)
            {
                throw new RttException(RttException.Kind.IO, "seeding postgres from " + file + " failed: " + error);
            }
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "seeding postgres from " + file + " failed: " + ex, ex);
        }
    }

    /** Makes the application role the driver logs in as, once the seeds ran as the superuser. */
    private static void grantApplicationRole(final Path socket)
    {
        try (PostgresSession session = PostgresSession.open(socket, USER, ServiceProcesses.START_TIMEOUT_MS))
        {
            final String error = session.query(GRANTS);
            if (error != null)
            {
                throw new RttException(RttException.Kind.IO, "making the role " + APP_ROLE + " failed: " + error);
            }
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "making the role " + APP_ROLE + " failed: " + ex, ex);
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
