package io.rtt.engine.flight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import jdk.jfr.Event;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel's flight recorder: one continuous JDK Flight Recorder recording of RTT's events and a few of the JVM's,
 * bounded to the last {@link #MAX_AGE} and {@link #MAX_SIZE_BYTES}, which {@link #dump} copies to
 * {@code .rtt/recordings/<UTC time>-<reason>.jfr} (0600, in a 0700 directory), keeping the newest {@link #MAX_DUMPS}.
 * <pre>{@code
 * try (FlightRecorder recorder = FlightRecorder.start(layout.recordingsDir(), Clock.systemUTC()))
 * {
 *     RecordingStatus.Dump dump = recorder.dump("verify-failed");
 * }
 * }</pre>
 * The recording lives on disk in the JVM's JFR repository (under the temporary directory, removed when the JVM
 * exits), so its bound costs no heap. JFR is one per JVM: a recording holds the events of every panel and every
 * apply in its process, as in tests that run several panels in one JVM. Events are committed by whoever does the
 * work, through {@link FlightEvents}: with no recording enabled for them, an emit costs a check.
 * <p>
 * The JVM's events kept, each at a cost of a few events a second at most: garbage collections and their pauses, CPU
 * load once a second, and monitor waits over 20 ms with their stack. No sampling profiler: it would cost every
 * thread.
 * <p>
 * Thread-safe: dumps are serialised on this object's monitor.
 */
public final class FlightRecorder implements AutoCloseable
{
    /** The category of RTT's events in a recording. */
    public static final String CATEGORY = "RTT";
    /** How far back the recording keeps events. */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);
    /** The most the recording keeps, in bytes. */
    public static final long MAX_SIZE_BYTES = 32L * 1024 * 1024;
    /** Dumps kept in the recordings directory; a dump deletes the oldest beyond it. */
    public static final int MAX_DUMPS = 20;
    /** The reason of a dump asked for without one. */
    public static final String DEFAULT_REASON = "manual";
    /** Longest reason a dump may name. */
    public static final int MAX_REASON_CHARS = 40;
    /** The name of the recording, as {@code jcmd <pid> JFR.check} lists it. */
    public static final String RECORDING_NAME = "rtt-panel";

    private static final Pattern REASON = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0," + (MAX_REASON_CHARS - 1) + "}");
    /** Sorts as it reads: newest last, to the millisecond. */
    private static final DateTimeFormatter STAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern DUMP_NAME = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[A-Za-z0-9_-]+\\.jfr");
    private static final String EXTENSION = ".jfr";
    private static final List<Class<? extends Event>> EVENTS = List.of(ReconcileEvent.class, ApplyEvent.class,
        RollbackEvent.class, BreakerTransitionEvent.class, RouteSloBreachEvent.class, VerifyVerdictEvent.class);
    private static final Logger LOG = LoggerFactory.getLogger(FlightRecorder.class);

    private final Recording recording;
    private final Path directory;
    private final Clock clock;
    /** The last dump's time, so that dumps in one millisecond still get names that sort in order. */
    private long lastDumpMs;
    private boolean closed;

    private FlightRecorder(final Recording recording, final Path directory, final Clock clock)
    {
        this.recording = recording;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Whether this JVM can record: JFR is part of it and not disabled.
     *
     * @return true when {@link #start} can run.
     */
    public static boolean available()
    {
        return jdk.jfr.FlightRecorder.isAvailable();
    }

    /**
     * Starts a recording of RTT's events and a few of the JVM's.
     *
     * @param directory where {@link #dump} writes; created on the first dump.
     * @param clock     what names a dump's time.
     * @return the running recorder.
     * @throws IllegalStateException when the JVM cannot record ({@link #available()} is false).
     */
    public static FlightRecorder start(final Path directory, final Clock clock)
    {
        if (!available())
        {
            throw new IllegalStateException("this JVM has no flight recorder (JFR is absent or disabled)");
        }
        final Recording recording = new Recording();
        try
        {
            recording.setName(RECORDING_NAME);
            for (final Class<? extends Event> event : EVENTS)
            {
                // known to the recording before their first emit, so a dump describes them even when none happened
                jdk.jfr.FlightRecorder.register(event);
                recording.enable(event).withoutStackTrace();
            }
            recording.enable("jdk.GarbageCollection");
            recording.enable("jdk.GCPhasePause");
            recording.enable("jdk.CPULoad").withPeriod(Duration.ofSeconds(1));
            recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(20)).withStackTrace();
            recording.setToDisk(true);
            recording.setMaxAge(MAX_AGE);
            recording.setMaxSize(MAX_SIZE_BYTES);
            recording.start();
            return new FlightRecorder(recording, directory, clock);
        }
        catch (final RuntimeException ex)
        {
            recording.close();
            throw ex;
        }
    }

    /**
     * Checks a dump's reason: it becomes part of a file name.
     *
     * @param reason the reason.
     * @return the reason.
     * @throws IllegalArgumentException when it is empty, longer than {@link #MAX_REASON_CHARS}, or holds anything
     *                                  but letters, digits, {@code -} and {@code _}, or starts with {@code -} or
     *                                  {@code _}.
     */
    public static String checkReason(final String reason)
    {
        if (!REASON.matcher(reason).matches())
        {
            throw new IllegalArgumentException("reason \"" + reason + "\": expected 1 to " + MAX_REASON_CHARS +
                " letters, digits, '-' or '_', starting with a letter or digit (it names the dump's file)");
        }
        return reason;
    }

    /**
     * Copies the recording so far to {@code <directory>/<UTC time>-<reason>.jfr}, owner-only, and deletes the
     * oldest dumps beyond {@link #MAX_DUMPS}.
     *
     * @param reason why, as {@link #checkReason} accepts it.
     * @return the dump.
     * @throws IllegalArgumentException when the reason is refused.
     * @throws IllegalStateException    when the recorder is closed.
     * @throws UncheckedIOException     when the dump cannot be written.
     */
    public synchronized RecordingStatus.Dump dump(final String reason)
    {
        checkReason(reason);
        if (closed)
        {
            throw new IllegalStateException("the flight recorder is closed");
        }
        try
        {
            ensureDirectory();
            long stampMs = Math.max(clock.millis(), lastDumpMs + 1);
            Path target = directory.resolve(name(stampMs, reason));
            while (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
            {
                stampMs++;
                target = directory.resolve(name(stampMs, reason));
            }
            lastDumpMs = stampMs;
            // JFR creates the file with the umask's mode: it is made owner-only before it gets its name, and the
            // directory is owner-only meanwhile
            final Path partial = directory.resolve("." + target.getFileName() + ".part");
            Files.deleteIfExists(partial);
            recording.dump(partial);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            prune();
            final long bytes = Files.size(target);
            LOG.info("flight recording dumped to {} ({} bytes): {}", target, bytes, reason);
            return new RecordingStatus.Dump(target.toString(), bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot dump the flight recording to " + directory + ": " + ex, ex);
        }
    }

    /**
     * The recording's state, bounds and the dumps kept.
     *
     * @return the status.
     */
    public synchronized RecordingStatus status()
    {
        final boolean running = !closed && recording.getState() == RecordingState.RUNNING;
        final Instant started = recording.getStartTime();
        return new RecordingStatus(running, started == null ? "" : started.toString(), closed ? 0 : recording.getSize(),
            MAX_AGE.toSeconds(), MAX_SIZE_BYTES, directory.toString(), MAX_DUMPS, dumps(directory));
    }

    /**
     * The status of a panel that keeps no recording: nothing runs, and the dumps already there.
     *
     * @param directory where dumps go.
     * @return the status.
     */
    public static RecordingStatus notRecording(final Path directory)
    {
        return new RecordingStatus(false, "", 0, MAX_AGE.toSeconds(), MAX_SIZE_BYTES, directory.toString(),
            MAX_DUMPS, dumps(directory));
    }

    /**
     * The dumps in a recordings directory, newest first: the files named as {@link #dump} names them.
     *
     * @param directory the directory; it may not exist.
     * @return the dumps.
     * @throws UncheckedIOException when the directory cannot be read.
     */
    public static List<RecordingStatus.Dump> dumps(final Path directory)
    {
        final List<RecordingStatus.Dump> dumps = new ArrayList<>();
        for (final Path file : dumpFiles(directory))
        {
            try
            {
                dumps.add(new RecordingStatus.Dump(file.toString(), Files.size(file)));
            }
            catch (final IOException goneMeanwhile)
            {
                // pruned by a concurrent dump: not listed
            }
        }
        return dumps;
    }

    /** The dumps' files, newest first; names sort by time. */
    private static List<Path> dumpFiles(final Path directory)
    {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            return List.of();
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
            entry -> DUMP_NAME.matcher(entry.getFileName().toString()).matches()))
        {
            entries.forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the flight recording dumps in " + directory + ": " + ex, ex);
        }
        files.sort(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed());
        return files;
    }

    private void ensureDirectory() throws IOException
    {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            // a symbolic link or a file in its place makes this fail: dumps go nowhere else
            Files.createDirectory(directory,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private void prune() throws IOException
    {
        final List<Path> files = dumpFiles(directory);
        for (int i = MAX_DUMPS; i < files.size(); i++)
        {
            Files.deleteIfExists(files.get(i));
        }
    }

    private static String name(final long stampMs, final String reason)
    {
        return STAMP.format(Instant.ofEpochMilli(stampMs)) + "-" + reason + EXTENSION;
    }

    /**
     * Stops the recording and releases its data in the repository; dumps stay. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            recording.close();
        }
    }
}
