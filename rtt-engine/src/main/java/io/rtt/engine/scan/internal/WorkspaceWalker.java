package io.rtt.engine.scan.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.rtt.engine.StateLayout;
import io.rtt.engine.Workspace;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.scan.ScanListener;

/**
 * Walks a workspace subtree as git would see it, in parallel: {@code .gitignore} files at every level, plus the
 * directories no scan wants (VCS metadata, dependency caches, build outputs). Symbolic links are not followed, so
 * link loops cannot trap the walk.
 * <p>
 * Besides the wanted files it records a {@link TreeStamps} of every directory it entered and every wanted or ignore
 * file it saw, so a later scan can tell by {@code lstat} alone whether anything the scan depends on changed.
 * <p>
 * Thread-safe: one walk per instance, run on the common fork-join pool.
 */
public final class WorkspaceWalker
{
    /** Directory names never descended into. */
    public static final Set<String> SKIPPED_DIRECTORIES = Set.of(
        ".git", ".hg", ".svn", StateLayout.STATE_DIR, "node_modules", "bower_components", "vendor", "target", "build",
        "dist", "out", ".gradle", ".next", ".nuxt", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache",
        ".pytest_cache", ".idea");

    private static final String IGNORE_FILE = ".gitignore";
    private static final int PROGRESS_EVERY_FILES = 4096;

    /**
     * A file the walk kept.
     *
     * @param path          absolute path.
     * @param relativePath  workspace-relative path.
     * @param size          size in bytes.
     * @param modifiedNanos last-modified time, for change detection.
     */
    public record Found(Path path, String relativePath, long size, long modifiedNanos)
    {
    }

    /**
     * What the walk saw.
     *
     * @param files       the wanted files, sorted by path.
     * @param visited     files seen after ignore rules.
     * @param diagnostics directories or files that could not be read.
     * @param stamps      what the walk's outcome depends on, for change detection.
     */
    public record Walk(List<Found> files, long visited, List<Diagnostic> diagnostics, TreeStamps stamps)
    {
    }

    /** The ignore rules in force in a directory: its own, then its ancestors'. Immutable. */
    private record Frame(String directory, IgnoreRules rules, Frame parent)
    {
    }

    private final Workspace workspace;
    private final Predicate<String> wanted;
    private final ScanListener listener;
    private final ConcurrentLinkedQueue<Found> files = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TreeStamps.Stamp> directories = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TreeStamps.Stamp> ignoreFiles = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Diagnostic> diagnostics = new ConcurrentLinkedQueue<>();
    private final AtomicLong visited = new AtomicLong();

    /**
     * Creates a walker.
     *
     * @param workspace the workspace whose ignore rules apply.
     * @param wanted    which file names to keep.
     * @param listener  hears progress every few thousand files; called from several threads.
     */
    public WorkspaceWalker(final Workspace workspace, final Predicate<String> wanted, final ScanListener listener)
    {
        this.workspace = workspace;
        this.wanted = wanted;
        this.listener = listener;
    }

    /**
     * Walks a directory inside the workspace.
     *
     * @param start the directory to walk; the ignore rules of its ancestors up to the root apply too.
     * @return what the walk saw.
     * @throws IOException if the start directory itself cannot be read.
     */
    public Walk walk(final Path start) throws IOException
    {
        final String startRelative = workspace.relativize(start);
        Frame frame = null;
        for (Path ancestor = workspace.root(); !ancestor.equals(start);
            ancestor = ancestor.resolve(start.getName(ancestor.getNameCount())))
        {
            frame = withRules(ancestor, workspace.relativize(ancestor), frame);
        }
        final BasicFileAttributes attributes = Files.readAttributes(start, BasicFileAttributes.class);
        ForkJoinPool.commonPool().invoke(new DirectoryTask(start, startRelative, frame, attributes));
        listener.onProgress("walk", visited.get(), visited.get());
        final List<Found> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(Found::relativePath));
        final List<TreeStamps.Stamp> files = sorted.stream()
            .map(f -> new TreeStamps.Stamp(f.relativePath(), f.size(), f.modifiedNanos())).toList();
        return new Walk(sorted, visited.get(), new ArrayList<>(diagnostics),
            TreeStamps.of(new ArrayList<>(directories), files, new ArrayList<>(ignoreFiles)));
    }

    private final class DirectoryTask extends RecursiveAction
    {
        private final Path directory;
        private final String relative;
        private final Frame inherited;
        private final BasicFileAttributes attributes;

        DirectoryTask(final Path directory, final String relative, final Frame inherited,
            final BasicFileAttributes attributes)
        {
            this.directory = directory;
            this.relative = relative;
            this.inherited = inherited;
            this.attributes = attributes;
        }

        @Override
        protected void compute()
        {
            if (listener.cancelled())
            {
                return; // the scan throws once the walk returns; what was found so far is dropped
            }
            directories.add(new TreeStamps.Stamp(relative, 0, nanos(attributes)));
            final Frame frame = withRules(directory, relative, inherited);
            final List<DirectoryTask> children = new ArrayList<>();
            // A directory's link count is 2 + its subdirectories on most Unix file systems: once that many are
            // found, the remaining entries are not directories and need no lstat unless the scan keeps them.
            int subdirectoriesLeft = subdirectoryCount(directory);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
            {
                for (final Path entry : entries)
                {
                    if (visit(entry, frame, children, subdirectoriesLeft == 0))
                    {
                        subdirectoriesLeft--;
                    }
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                diagnostics.add(new Diagnostic(relative, 0, Diagnostic.WARNING, "directory not fully read: " + ex));
            }
            invokeAll(children);
        }

        /** Visits one entry; returns whether it is a directory. */
        private boolean visit(
            final Path entry, final Frame frame, final List<DirectoryTask> children, final boolean noSubdirectories)
        {
            final String name = entry.getFileName().toString();
            final String entryRelative = ".".equals(relative) ? name : relative + "/" + name;
            final boolean keep = wanted.test(name);
            if (noSubdirectories && !keep && !IGNORE_FILE.equals(name))
            {
                if (!ignored(frame, entryRelative, false))
                {
                    countVisited();
                }
                return false;
            }
            final BasicFileAttributes entryAttributes;
            try
            {
                entryAttributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            catch (final IOException ex)
            {
                diagnostics.add(new Diagnostic(entryRelative, 0, Diagnostic.WARNING, "cannot read, skipped: " + ex));
                return false;
            }
            if (entryAttributes.isDirectory())
            {
                if (!SKIPPED_DIRECTORIES.contains(name) && !ignored(frame, entryRelative, true))
                {
                    children.add(new DirectoryTask(entry, entryRelative, frame, entryAttributes));
                }
                return true;
            }
            if (!entryAttributes.isRegularFile())
            {
                return false; // symbolic links, sockets, devices
            }
            if (IGNORE_FILE.equals(name))
            {
                ignoreFiles.add(new TreeStamps.Stamp(entryRelative, entryAttributes.size(), nanos(entryAttributes)));
            }
            if (ignored(frame, entryRelative, false))
            {
                return false;
            }
            countVisited();
            if (keep)
            {
                files.add(new Found(entry, entryRelative, entryAttributes.size(), nanos(entryAttributes)));
            }
            return false;
        }

        private void countVisited()
        {
            final long count = visited.incrementAndGet();
            if (count % PROGRESS_EVERY_FILES == 0)
            {
                listener.onProgress("walk", count, 0);
            }
        }
    }

    /** Subdirectories of a directory by its link count, or -1 where the file system does not count them. */
    private static int subdirectoryCount(final Path directory)
    {
        try
        {
            final Object links = Files.getAttribute(directory, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return links instanceof Integer n && n >= 2 ? n - 2 : -1;
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return -1;
        }
    }

    private Frame withRules(final Path directory, final String relative, final Frame parent)
    {
        final Path ignoreFile = directory.resolve(IGNORE_FILE);
        if (!Files.isRegularFile(ignoreFile, LinkOption.NOFOLLOW_LINKS))
        {
            return parent;
        }
        try
        {
            return new Frame(relative, IgnoreRules.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8)), parent);
        }
        catch (final IOException | RuntimeException ex)
        {
            diagnostics.add(new Diagnostic(".".equals(relative) ? IGNORE_FILE : relative + "/" + IGNORE_FILE, 0,
                Diagnostic.WARNING, "cannot read ignore rules: " + ex));
            return parent;
        }
    }

    private static boolean ignored(final Frame innermost, final String relative, final boolean directory)
    {
        // Innermost .gitignore first: a deeper file overrides its parents.
        for (Frame frame = innermost; frame != null; frame = frame.parent)
        {
            final String path = ".".equals(frame.directory) ? relative :
                relative.substring(frame.directory.length() + 1);
            final IgnoreRules.Match match = frame.rules.match(path, directory);
            if (match != IgnoreRules.Match.NONE)
            {
                return match == IgnoreRules.Match.IGNORED;
            }
        }
        return false;
    }

    static long nanos(final BasicFileAttributes attributes)
    {
        final java.time.Instant instant = attributes.lastModifiedTime().toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
