package io.rtt.engine.panel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A panel in a background process of its own: {@code rtt serve --detach} and {@code rtt_panel start}. The process is
 * a child JVM of the same Java runtime on the same class path, running {@link #main}; its stdin is {@code /dev/null},
 * its stdout and stderr go to {@code .rtt/panel.log}, and it writes its pid to {@code .rtt/panel.pid} once its panel
 * serves. It runs until a control client asks it to stop, or it is sent SIGTERM; either way it closes the panel
 * (lanes, sockets, published routes) and removes its pid file.
 * <p>
 * Starting waits, bounded, until the new panel answers {@code status} on its control socket; stopping asks over the
 * socket and waits, bounded, for the panel to let go of its lock and its process to exit, and falls back to SIGTERM
 * when the panel does not answer or does not exit.
 */
public final class DetachedPanel
{
    /** How long a start waits for the new panel to answer; a JVM on a loaded machine can take many seconds. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a stop waits for the panel to exit, after asking and again after SIGTERM. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How often the detached panel looks for a new WAL head, in milliseconds. */
    static final long WATCH_INTERVAL_MS = 1_000;
    /** Pause between looks while waiting for a start or a stop. */
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Lines of the log a failed start quotes. */
    private static final int LOG_LINES_QUOTED = 20;
    private static final Logger LOG = LoggerFactory.getLogger(DetachedPanel.class);

    private DetachedPanel()
    {
    }

    /**
     * What a stop did.
     *
     * @param stopped whether a panel was running and has stopped.
     * @param pid     the process id of the panel stopped, or 0.
     * @param detail  how it stopped, or why nothing was done.
     */
    public record Stop(boolean stopped, long pid, String detail)
    {
    }

    /**
     * Starts the workspace's panel in a background process and waits until it answers on its control socket.
     *
     * @param engine      the workspace's engine.
     * @param metricsPort the loopback port of the panel's {@code GET /metrics}: 0 picks a free one, -1 serves none.
     * @return the new panel's status.
     * @throws RttException {@code REFUSED} when a panel already serves the workspace; {@code BAD_INPUT} for a port
     *                      out of range; {@code IO} when the process cannot be started, or exits or stays silent
     *                      before it answers (the message quotes the end of its log).
     */
    public static PanelStatus start(final Engine engine, final int metricsPort)
    {
        final Workspace workspace = engine.workspace();
        if (metricsPort < -1 || metricsPort > 65_535)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "metrics port " + metricsPort +
                ": expected -1 (none), 0 (any free port) or 1-65535");
        }
        if (PanelClient.running(workspace))
        {
            throw new RttException(RttException.Kind.REFUSED, "a panel already serves this workspace" +
                pidOfRunning(workspace).map(pid -> " (pid " + pid + ")").orElse("") + "; stop it first with " +
                "`rtt serve --stop " + workspace.root() + "`");
        }
        final Path log = workspace.layout().panelLogFile();
        final Process process;
        try
        {
            Files.deleteIfExists(log);
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            final ProcessBuilder builder = new ProcessBuilder(command(workspace, metricsPort));
            builder.environment().put("CLASSPATH", classPath());
            process = builder
                .directory(workspace.root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot start a background panel: " + ex.getMessage(), ex);
        }
        final long deadlineNs = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true)
        {
            final PanelStatus status = answering(workspace, process.pid());
            if (status != null)
            {
                return status;
            }
            if (!process.isAlive())
            {
                throw new RttException(RttException.Kind.IO, "the background panel (pid " + process.pid() +
                    ") exited with status " + process.exitValue() + " before it served; " + logTail(log));
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                process.destroy();
                throw new RttException(RttException.Kind.IO, "the background panel (pid " + process.pid() +
                    ") did not answer within " + START_TIMEOUT.toSeconds() + " s and was sent SIGTERM; " +
                    logTail(log));
            }
            LockSupport.parkNanos(POLL_NS);
        }
    }

    /** The running panel's pid, as it says or as its pid file says, if either does. */
    private static Optional<Long> pidOfRunning(final Workspace workspace)
    {
        try
        {
            return Optional.of(PanelClient.status(workspace).pid());
        }
        catch (final RttException silent)
        {
            return runningPid(workspace);
        }
    }

    /**
     * The status of the panel with that pid once it has written its pid file and answers, else null. The pid file
     * comes first: it is written once the panel holds the workspace's lock, and probing the lock before then could
     * take it for a moment just as the child tries to, and fail the child's start.
     */
    private static PanelStatus answering(final Workspace workspace, final long pid)
    {
        if (!runningPid(workspace).equals(Optional.of(pid)))
        {
            return null;
        }
        try
        {
            return PanelClient.status(workspace);
        }
        catch (final RttException notYet)
        {
            return null;
        }
    }

    /** The child's command line: this runtime's java and this class's main. */
    private static List<String> command(final Workspace workspace, final int metricsPort)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
            "-Xss512k",
            // Agrona reaches jdk.internal.misc.Unsafe; the jar's manifest exports it only to `java -jar`
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            DetachedPanel.class.getName(),
            workspace.root().toString(),
            String.valueOf(metricsPort)));
        return command;
    }

    /**
     * The class path for the child, from {@code CLASSPATH} rather than {@code -cp}: the kernel shows a process's
     * command line to others only up to 4 KiB, and a long class path would push this class's name, by which a
     * stop recognises the process, out of it.
     */
    private static String classPath()
    {
        return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator))
            .filter(entry -> !entry.isEmpty())
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .toList());
    }

    /**
     * Stops the workspace's running panel: asks it over its control socket and waits for it to let go of the
     * workspace and for its process to exit; sends SIGTERM to the pid in {@code .rtt/panel.pid} when it does not
     * answer or does not exit in time.
     *
     * @param engine the workspace's engine.
     * @return what was done; {@code stopped} false when no panel was running.
     * @throws RttException {@code IO} when the panel neither answers nor has a pid file naming a live panel process,
     *                      or does not exit even after SIGTERM.
     */
    public static Stop stop(final Engine engine)
    {
        final Workspace workspace = engine.workspace();
        if (!PanelClient.running(workspace))
        {
            return new Stop(false, 0, PanelClient.notRunning(workspace));
        }
        long pid;
        String why;
        try
        {
            pid = PanelClient.stop(workspace);
            if (stopped(workspace, pid, STOP_TIMEOUT))
            {
                return new Stop(true, pid, "stopped at its control socket's request");
            }
            why = "it did not exit within " + STOP_TIMEOUT.toSeconds() + " s of being asked";
        }
        catch (final RttException ex)
        {
            if (ex.kind() != RttException.Kind.IO)
            {
                throw ex;
            }
            pid = runningPid(workspace).orElseThrow(() -> new RttException(RttException.Kind.IO,
                ex.getMessage() + "; and " + workspace.layout().panelPidFile() + " names no live panel process, " +
                "so it cannot be sent SIGTERM: find the process holding " + workspace.layout().panelLock()));
            why = "it did not answer on its control socket";
        }
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || pid == ProcessHandle.current().pid())
        {
            throw new RttException(RttException.Kind.IO, "the panel (pid " + pid + ") still holds " +
                workspace.layout().panelLock() + " and " + why);
        }
        LOG.warn("panel pid {}: {}; sending SIGTERM", pid, why);
        process.get().destroy();
        if (stopped(workspace, pid, STOP_TIMEOUT))
        {
            return new Stop(true, pid, "stopped by SIGTERM, as " + why);
        }
        throw new RttException(RttException.Kind.IO, "the panel (pid " + pid + ") did not exit within " +
            STOP_TIMEOUT.toSeconds() + " s of SIGTERM; end it with `kill -9 " + pid + "`");
    }

    /** Waits until the panel lets go of the workspace and, when it is another process, that process exits. */
    private static boolean stopped(final Workspace workspace, final long pid, final Duration timeout)
    {
        final boolean self = pid == ProcessHandle.current().pid();
        final BooleanSupplier gone = () -> !PanelClient.running(workspace) &&
            (self || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!gone.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
    }

    /**
     * The pid in {@code .rtt/panel.pid} when it names a live process running a detached panel: a stale file's pid
     * may have been reused by an unrelated process, which must not be signalled.
     */
    private static Optional<Long> runningPid(final Workspace workspace)
    {
        final long pid;
        try
        {
            pid = Long.parseLong(Files.readString(workspace.layout().panelPidFile(), StandardCharsets.UTF_8).strip());
        }
        catch (final NoSuchFileException | NumberFormatException ex)
        {
            return Optional.empty();
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read " + workspace.layout().panelPidFile() + ": " +
                ex, ex);
        }
        return ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(p -> p.info().commandLine().map(c -> c.contains(" " + DetachedPanel.class.getName() + " "))
                .orElse(false))
            .map(ProcessHandle::pid);
    }

    /** The end of the log, quoted in a failed start's message. */
    private static String logTail(final Path log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "the end of " + log + ":\n" + String.join("\n",
                lines.subList(Math.max(0, lines.size() - LOG_LINES_QUOTED), lines.size()));
        }
        catch (final IOException ex)
        {
            return "its log " + log + " cannot be read: " + ex.getMessage();
        }
    }

    /**
     * The background panel's process: serves {@code args[0]}, a workspace root, with {@code GET /metrics} on
     * loopback port {@code args[1]}, until a control client asks it to stop or it is sent SIGTERM. Exits 0 after a
     * clean stop, 1 when the panel cannot start (the reason on stderr, which is the panel's log), 2 for bad
     * arguments.
     *
     * @param args the workspace root and the metrics port.
     */
    public static void main(final String[] args)
    {
        if (args.length != 2)
        {
            System.err.println("usage: " + DetachedPanel.class.getName() + " WORKSPACE METRICS_PORT");
            System.exit(2);
        }
        final Panel panel;
        final Path pidFile;
        final CountDownLatch stopAsked = new CountDownLatch(1);
        try
        {
            final Engine engine = Engine.open(Path.of(args[0]));
            pidFile = engine.workspace().layout().panelPidFile();
            panel = Panel.start(new Panel.Context().engine(engine).metricsPort(Integer.parseInt(args[1]))
                .watchIntervalMs(WATCH_INTERVAL_MS).stopHandler(stopAsked::countDown));
            final long pid = ProcessHandle.current().pid();
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                CloseHelper.closeAll(panel, () -> removePidFile(pidFile, pid));
                LOG.info("panel pid {} stopped", pid);
            }, "rtt-shutdown"));
            AtomicFiles.write(pidFile, (pid + "\n").getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-------"), false);
            LOG.info("panel pid {} serving {}: {} of {} committed routes, metrics on port {}", pid,
                engine.workspace().root(), panel.status().stream().filter(RouteStatus::served).count(),
                panel.status().size(), panel.metricsPort());
        }
        catch (final Exception ex)
        {
            System.err.println("rtt panel: cannot start: " + ex.getMessage());
            LOG.debug("start failed", ex);
            System.exit(1);
            return;
        }
        try
        {
            stopAsked.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        // the shutdown hook closes the panel and removes the pid file
        System.exit(0);
    }

    /** Removes the pid file when it still names this process: a newer panel may have written its own since. */
    private static void removePidFile(final Path pidFile, final long pid) throws IOException
    {
        try
        {
            if (Files.readString(pidFile, StandardCharsets.UTF_8).strip().equals(Long.toString(pid)))
            {
                Files.delete(pidFile);
            }
        }
        catch (final NoSuchFileException gone)
        {
            LOG.debug("pid file {} already gone", pidFile);
        }
    }
}
