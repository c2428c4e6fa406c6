package io.rtt.engine.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.rtt.engine.RttException;
import io.rtt.engine.json.Digests;
import org.jspecify.annotations.Nullable;

/**
 * The child-process chores every dev service shares: launching with output to its log, bounded waits that quote the
 * log's tail, stopping politely then by force, and where a server's socket can live.
 */
final class ServiceProcesses
{
    /** How long a server may take to accept connections (initdb and recovery included) before start fails. */
    static final long START_TIMEOUT_MS = 60_000;
    /** How long a server may take to stop on its own shutdown signal before it is killed. */
    static final long STOP_TIMEOUT_MS = 10_000;
    /** sun_path holds 108 bytes with its terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;
    /** Lines of a log quoted in a failure. */
    private static final int TAIL_LINES = 15;
    /** Pause between readiness polls: a server takes hundreds of milliseconds to start, so 20 ms costs nothing. */
    private static final long POLL_INTERVAL_MS = 20;

    private ServiceProcesses()
    {
    }

    /**
     * Whether this process runs as root (uid 0).
     *
     * @return true for root.
     */
    static boolean root()
    {
        try
        {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read this process's uid", ex);
        }
    }

    /**
     * Finds an executable on a search path.
     *
     * @param searchPath the directories, first wins.
     * @param name       the executable's file name.
     * @return its path, or {@code null} when no directory holds it.
     */
    static @Nullable Path find(final List<Path> searchPath, final String name)
    {
        for (final Path dir : searchPath)
        {
            final Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The system search path: the directories of {@code PATH}.
     *
     * @return them, in order.
     */
    static List<Path> systemPath()
    {
        final String path = System.getenv("PATH");
        final List<Path> dirs = new ArrayList<>();
        for (final String entry : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":"))
        {
            if (!entry.isEmpty())
            {
                dirs.add(Path.of(entry));
            }
        }
        return dirs;
    }

    /**
     * The directory a server's socket (and, when it runs as another user, its data) lives in: the service's own
     * directory when the server can reach it and the socket's path fits sun_path, else a short directory under the
     * system temporary directory named after it (the workspace's {@code .rtt} is 0700 to RTT's user, so a server
     * run as another user cannot reach inside it).
     *
     * @param home        the service's directory.
     * @param prefix      the temporary directory's name prefix, e.g. {@code rtt-pg-}.
     * @param socketName  the longest file name the server puts there.
     * @param otherUser   whether the server runs as another user than RTT.
     * @return the directory (not created).
     */
    static Path runtimeDir(final Path home, final String prefix, final String socketName, final boolean otherUser)
    {
        if (!otherUser &&
            home.resolve(socketName).toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES)
        {
            return home;
        }
        return Path.of(System.getProperty("java.io.tmpdir"),
            prefix + Digests.sha256(home.toString().getBytes(StandardCharsets.UTF_8)).substring(7, 19));
    }

    /**
     * Creates a server's runtime directory owner-only, after its previous contents were removed. One under the
     * temporary directory must be created here and now: a directory of that predictable name made by someone else
     * in between is refused, never used.
     *
     * @param home    the service's directory.
     * @param runtime the runtime directory, {@link #runtimeDir} of the home.
     * @throws IOException when it cannot be created, or already exists under the temporary directory.
     */
    static void createRuntime(final Path home, final Path runtime) throws IOException
    {
        final FileAttribute<?> ownerOnly =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        if (runtime.equals(home))
        {
            Files.createDirectories(runtime, ownerOnly);
        }
        else
        {
            Files.createDirectory(runtime, ownerOnly);
        }
    }

    /**
     * Starts a child whose stdout and stderr append to a log.
     *
     * @param command the command line.
     * @param workDir its working directory.
     * @param log     the log file.
     * @param stdin   a file its stdin reads, or {@code null} for none.
     * @return the process.
     * @throws RttException {@code IO} when it cannot be started.
     */
    static Process launch(final List<String> command, final Path workDir, final Path log, final @Nullable Path stdin)
    {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null")) :
            ProcessBuilder.Redirect.from(stdin.toFile()));
        try
        {
            return builder.start();
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot start " + String.join(" ", command) + ": " + ex, ex);
        }
    }

    /**
     * Runs a child to completion within a bound.
     *
     * @param command the command line.
     * @param workDir its working directory.
     * @param log     the log its output appends to.
     * @param stdin   a file its stdin reads, or {@code null}.
     * @param what    what it does, for the failure message.
     * @throws RttException {@code IO} quoting the log's tail when it fails or outlasts {@link #START_TIMEOUT_MS}.
     */
    static void run(final List<String> command, final Path workDir, final Path log, final @Nullable Path stdin,
        final String what)
    {
        final long from = size(log);
        final Process process = launch(command, workDir, log, stdin);
        try
        {
            if (!process.waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new RttException(RttException.Kind.IO, what + " did not finish within " + START_TIMEOUT_MS +
                    " ms; " + log + " ends:\n" + tail(log, from));
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RttException(RttException.Kind.IO, what + " interrupted", ex);
        }
        if (process.exitValue() != 0)
        {
            throw new RttException(RttException.Kind.IO, what + " failed with exit code " + process.exitValue() +
                "; " + log + " ends:\n" + tail(log, from));
        }
    }

    /**
     * Waits until a started server is ready, polling against a deadline.
     *
     * @param process the server.
     * @param ready   whether it is ready yet.
     * @param log     its log.
     * @param from    the log's size when it started.
     * @param what    the server, for the failure message.
     * @throws RttException {@code IO} quoting the log's tail when it exits or is not ready within
     *                      {@link #START_TIMEOUT_MS}; the server is then stopped.
     */
    static void awaitReady(final Process process, final BooleanSupplier ready, final Path log, final long from,
        final String what)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!ready.getAsBoolean())
        {
            if (!process.isAlive())
            {
                throw new RttException(RttException.Kind.IO, what + " exited with code " + process.exitValue() +
                    " before accepting connections; " + log + " ends:\n" + tail(log, from));
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                stop(process.toHandle(), () -> process.destroy());
                throw new RttException(RttException.Kind.IO, what + " did not accept connections within " +
                    START_TIMEOUT_MS + " ms; " + log + " ends:\n" + tail(log, from));
            }
            pause();
        }
    }

    /**
     * Stops a process: its shutdown signal, a bounded wait, then SIGKILL and another bounded wait, so a hanging
     * shutdown never keeps the caller.
     *
     * @param process the process.
     * @param signal  sends its shutdown signal.
     */
    static void stop(final ProcessHandle process, final Runnable signal)
    {
        if (!process.isAlive())
        {
            return;
        }
        signal.run();
        if (!exited(process))
        {
            process.destroyForcibly();
            exited(process);
        }
    }

    /**
     * Sends a signal by name with {@code kill}, for the signals {@link ProcessHandle} cannot send (Postgres's fast
     * shutdown is SIGINT; SIGTERM is its smart shutdown, which waits for every client to leave).
     *
     * @param process the process.
     * @param signal  the signal's name, e.g. {@code INT}.
     */
    static void kill(final ProcessHandle process, final String signal)
    {
        try
        {
            final Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS) || kill.exitValue() != 0)
            {
                process.destroy();
            }
        }
        catch (final IOException ex)
        {
            process.destroy();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    /**
     * The last lines of a log, from an offset.
     *
     * @param log  the log.
     * @param from where this run's output starts.
     * @return up to {@link #TAIL_LINES} lines, or a note that the log is unreadable.
     */
    static String tail(final Path log, final long from)
    {
        try
        {
            final byte[] bytes = Files.readAllBytes(log);
            final String text = new String(bytes, (int)Math.min(from, bytes.length),
                bytes.length - (int)Math.min(from, bytes.length), StandardCharsets.UTF_8);
            final List<String> lines = text.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(log unreadable: " + ex + ")";
        }
    }

    /**
     * A file's size, zero when it does not exist.
     *
     * @param file the file.
     * @return its size in bytes.
     */
    static long size(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.size(file) : 0;
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    /**
     * Removes a directory tree without following symbolic links.
     *
     * @param dir the directory; nothing happens when it does not exist.
     * @throws RttException {@code IO} when something cannot be removed.
     */
    static void deleteTree(final Path dir)
    {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot remove " + dir + ": " + ex, ex);
        }
    }

    /** Pauses between polls of a starting server. */
    static void pause()
    {
        try
        {
            Thread.sleep(POLL_INTERVAL_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new RttException(RttException.Kind.IO, "interrupted waiting for a dev service", ex);
        }
    }

    private static boolean exited(final ProcessHandle process)
    {
        try
        {
            process.onExit().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        }
        catch (final TimeoutException | ExecutionException ex)
        {
            return !process.isAlive();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
