package io.rtt.engine.services;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.json.Digests;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev services of one workspace: a throwaway server per component that needs one (the machine's own server,
 * else the bundled one of {@link ServiceArtifacts}), started on first {@link #ensure(String, String)} under
 * {@code .rtt/services/<technology>-<component>/} (0700; the server's output in {@code service.log}, its process id
 * in {@code pid}) and stopped by {@link #close()}.
 * <pre>
 * try (DevServices services = new DevServices(workspace))
 * {
 *     final URI db = services.ensure("db", "postgres").endpoint();
 *     ...
 * }
 * </pre>
 * The caller owns the JVM shutdown hook that closes it. A server left by an RTT that was killed is found through
 * its pid file: a pid whose process is gone is forgotten and the service starts anew; a live one is reused when its
 * socket answers and stopped otherwise.
 * <p>
 * Thread-safe: one lock guards the started services, and it is held while a server starts or stops (a start is
 * rare and each component's server must start once).
 */
public final class DevServices implements AutoCloseable
{
    /** The file a service's server writes its stdout and stderr to, in its directory. */
    public static final String LOG_FILE = "service.log";
    /** The file holding a service's server pid and endpoint, one a line, in its directory. */
    public static final String PID_FILE = "pid";
    private static final Logger LOG = LoggerFactory.getLogger(DevServices.class);

    private final Path servicesDir;
    private final Map<String, DevService> services = new LinkedHashMap<>();
    private final Map<String, Started> started = new LinkedHashMap<>();
    private boolean closed;

    /**
     * The dev services of a workspace, finding servers on the system ({@code /usr/lib/postgresql/<major>/bin},
     * newest major first, then {@code PATH}) and otherwise in {@link ServiceArtifacts#system()}.
     *
     * @param workspace the workspace; its schema files seed Postgres.
     */
    public DevServices(final Workspace workspace)
    {
        this(workspace, systemSearchPath(), ServiceArtifacts.system());
    }

    /**
     * The dev services of a workspace, finding servers on a given search path and otherwise in given artifacts.
     *
     * @param workspace  the workspace; its schema files seed Postgres.
     * @param searchPath the directories searched for installed server binaries, first wins.
     * @param artifacts  the bundled servers, extracted when the search path has none.
     */
    public DevServices(final Workspace workspace, final List<Path> searchPath, final ServiceArtifacts artifacts)
    {
        this.servicesDir = workspace.layout().servicesDir();
        final @Nullable ServerUser runAs = ServiceProcesses.root() ?
            ServerUser.find(Path.of("/etc/passwd"), List.of(PostgresDevService.USER, "nobody")) : null;
        for (final DevService service : List.of(
            new PostgresDevService(searchPath, artifacts, SchemaFiles.find(workspace), runAs),
            new RedisDevService(searchPath, artifacts)))
        {
            services.put(service.technology(), service);
        }
    }

    /**
     * The system's search path for servers: each installed Postgres major's bin directory, newest first, then
     * {@code PATH}.
     *
     * @return the directories.
     */
    public static List<Path> systemSearchPath()
    {
        final List<Path> dirs = new ArrayList<>();
        final Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions))
        {
            try (Stream<Path> list = Files.list(versions))
            {
                list.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparing((Path p) -> Integer.parseInt(p.getFileName().toString()))
                        .reversed())
                    .map(p -> p.resolve("bin")).forEach(dirs::add);
            }
            catch (final IOException ex)
            {
                LOG.warn("cannot list {}: {}", versions, ex.toString());
            }
        }
        dirs.addAll(ServiceProcesses.systemPath());
        return dirs;
    }

    /**
     * The technologies a dev service can start.
     *
     * @return e.g. {@code [postgres, redis]}.
     */
    public List<String> technologies()
    {
        return List.copyOf(services.keySet());
    }

    /**
     * Starts a component's dev service once, or reuses one an earlier run left that still answers.
     *
     * @param componentId the component that needs the datastore.
     * @param technology  its technology, one of {@link #technologies()}.
     * @return the running service; the same one on every later call for the component.
     * @throws RttException {@code BAD_INPUT} for a technology no dev service serves or a component already served by
     *                      another technology; {@code IO} naming the command that installs a missing server, or
     *                      quoting the server's log when it does not come up.
     * @throws IllegalStateException once closed.
     */
    public synchronized RunningService ensure(final String componentId, final String technology)
    {
        if (closed)
        {
            throw new IllegalStateException("dev services closed");
        }
        final Started existing = started.get(componentId);
        if (existing != null)
        {
            if (!existing.service().technology().equals(technology))
            {
                throw new RttException(RttException.Kind.BAD_INPUT, "component " + componentId + " already has a " +
                    existing.service().technology() + " dev service, not " + technology);
            }
            return existing.running();
        }
        final DevService service = services.get(technology);
        if (service == null)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "no dev service for technology " + technology +
                "; dev services start " + String.join(", ", services.keySet()));
        }
        final Path dir = serviceDir(componentId, technology);
        final RunningService leftover = reuseLeftover(service, dir);
        final RunningService running = leftover != null ? leftover : service.start(dir);
        try
        {
            AtomicFiles.write(dir.resolve(PID_FILE), (running.pid() + "\n" + running.endpoint() + "\n")
                .getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"), false);
        }
        catch (final IOException ex)
        {
            running.close();
            throw new RttException(RttException.Kind.IO, "cannot write " + dir.resolve(PID_FILE) + ": " + ex, ex);
        }
        started.put(componentId, new Started(service, dir, running));
        LOG.info("dev service {} for {}: {} at {}{}", technology, componentId, leftover != null ? "reused" :
            "started", running.endpoint(), running.seeded().isEmpty() ? "" : ", seeded from " + running.seeded());
        return running;
    }

    /**
     * The directory of a component's dev service.
     *
     * @param componentId the component.
     * @param technology  its technology.
     * @return {@code .rtt/services/<technology>-<component>} (a component id with characters unsafe in a file name
     *         gets them replaced and a digest of the id appended).
     */
    public Path serviceDir(final String componentId, final String technology)
    {
        final String safe = componentId.replaceAll("[^A-Za-z0-9._-]", "_");
        final String name = safe.equals(componentId) && !componentId.startsWith(".") ? componentId : safe + "-" +
            Digests.sha256(componentId.getBytes(StandardCharsets.UTF_8)).substring(7, 15);
        return servicesDir.resolve(technology + "-" + name);
    }

    /** Stops every started service, the last started first; each is stopped even when another fails. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final List<Started> all = new ArrayList<>(started.values());
        Collections.reverse(all);
        RuntimeException first = null;
        for (final Started each : all)
        {
            try
            {
                each.running().close();
                Files.deleteIfExists(each.dir().resolve(PID_FILE));
            }
            catch (final IOException | RuntimeException ex)
            {
                final RuntimeException failure = ex instanceof RuntimeException r ? r :
                    new RttException(RttException.Kind.IO, "cannot stop " + each.running() + ": " + ex, ex);
                if (first == null)
                {
                    first = failure;
                }
                else
                {
                    first.addSuppressed(failure);
                }
            }
        }
        started.clear();
        if (first != null)
        {
            throw first;
        }
    }

    /**
     * Whether a process runs a given executable.
     *
     * @param process the process.
     * @param binary  the executable (symbolic links resolved before comparing).
     * @return true when they are the same file.
     */
    static boolean sameExecutable(final ProcessHandle process, final Path binary)
    {
        final Optional<String> command = process.info().command();
        if (command.isEmpty())
        {
            return false;
        }
        try
        {
            return Path.of(command.get()).toRealPath().equals(binary.toRealPath());
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private @Nullable RunningService reuseLeftover(final DevService service, final Path dir)
    {
        try
        {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
            final List<String> lines;
            try
            {
                lines = Files.readAllLines(dir.resolve(PID_FILE));
            }
            catch (final NoSuchFileException ex)
            {
                return null;
            }
            Files.delete(dir.resolve(PID_FILE));
            final Optional<ProcessHandle> process = lines.size() < 2 || !lines.get(0).matches("\\d{1,18}") ?
                Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0)));
            if (process.isEmpty() || !process.get().isAlive() || !service.owns(process.get()))
            {
                LOG.info("dev service in {}: pid file names no live {} server; starting anew", dir,
                    service.technology());
                return null;
            }
            final ProcessHandle handle = process.get();
            if (service.answers(dir))
            {
                return new RunningService(service.technology(), URI.create(lines.get(1)), handle, List.of(),
                    () -> service.stopLeftover(dir, handle));
            }
            LOG.info("dev service in {}: pid {} does not answer; stopping it", dir, handle.pid());
            service.stopLeftover(dir, handle);
            return null;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read the dev service state in " + dir + ": " + ex,
                ex);
        }
    }

    /** A started service, the directory its pid file is in, and which kind it is. */
    private record Started(DevService service, Path dir, RunningService running)
    {
    }
}
