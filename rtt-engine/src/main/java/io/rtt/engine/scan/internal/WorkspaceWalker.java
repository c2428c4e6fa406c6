package io.rtt.engine.scan.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.rtt.engine.Workspace;
import io.rtt.engine.json.Digests;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.scan.ScanListener;

/**
 * Walks a workspace subtree as git would see it: {@code .gitignore} files at every level, plus the directories no
 * scan wants (VCS metadata, dependency caches, build outputs). Symbolic links are not followed, so link loops cannot
 * trap the walk.
 * <p>
 * Not thread-safe: one walk per instance.
 */
public final class WorkspaceWalker
{
    /** Directory names never descended into. */
    public static final Set<String> SKIPPED_DIRECTORIES = Set.of(
        ".git", ".hg", ".svn", Workspace.STATE_DIR, "node_modules", "bower_components", "vendor", "target", "build",
        "dist", "out", ".gradle", ".next", ".nuxt", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache",
        ".pytest_cache", ".idea");

    private static final int PROGRESS_EVERY_FILES = 512;

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
     * @param files       the wanted files, in walk order.
     * @param visited     files seen after ignore rules.
     * @param diagnostics directories or files that could not be read.
     * @param fingerprint digest of every visited file's path, size and modification time: equal fingerprints mean
     *                    an unchanged tree as far as a scan can tell without reading.
     */
    public record Walk(List<Found> files, long visited, List<Diagnostic> diagnostics, String fingerprint)
    {
    }

    private record Frame(Path directory, IgnoreRules rules)
    {
    }

    private final Workspace workspace;
    private final Predicate<String> wanted;
    private final ScanListener listener;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final List<Found> files = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final MessageDigest fingerprint = Digests.newSha256();
    private final ByteBuffer numbers = ByteBuffer.allocate(2 * Long.BYTES);
    private long visited;

    /**
     * Creates a walker.
     *
     * @param workspace the workspace whose ignore rules apply.
     * @param wanted    which file names to keep.
     * @param listener  hears progress every few hundred files.
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
     * @throws IOException if the start directory itself cannot be walked.
     */
    public Walk walk(final Path start) throws IOException
    {
        for (Path ancestor = workspace.root(); !ancestor.equals(start); ancestor = ancestor.resolve(
            start.getName(ancestor.getNameCount())))
        {
            pushRules(ancestor);
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attrs)
            {
                if (!dir.equals(start) && (SKIPPED_DIRECTORIES.contains(dir.getFileName().toString()) ||
                    ignored(dir, true)))
                {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                pushRules(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs)
            {
                if (!attrs.isRegularFile() || ignored(file, false))
                {
                    return FileVisitResult.CONTINUE;
                }
                visited++;
                final String relativePath = workspace.relativize(file);
                final long modifiedNanos = attrs.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L +
                    attrs.lastModifiedTime().toInstant().getNano();
                fingerprint.update(relativePath.getBytes(StandardCharsets.UTF_8));
                numbers.clear();
                numbers.putLong(attrs.size()).putLong(modifiedNanos).flip();
                fingerprint.update(numbers);
                if (visited % PROGRESS_EVERY_FILES == 0)
                {
                    listener.onProgress("walk", visited, 0);
                }
                if (wanted.test(file.getFileName().toString()))
                {
                    files.add(new Found(file, relativePath, attrs.size(), modifiedNanos));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(final Path file, final IOException ex)
            {
                diagnostics.add(new Diagnostic(
                    workspace.relativize(file), 0, Diagnostic.WARNING, "cannot read, skipped: " + ex));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException ex)
            {
                if (!frames.isEmpty() && frames.peek().directory.equals(dir))
                {
                    frames.pop();
                }
                if (ex != null)
                {
                    diagnostics.add(new Diagnostic(
                        workspace.relativize(dir), 0, Diagnostic.WARNING, "directory not fully read: " + ex));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        listener.onProgress("walk", visited, visited);
        return new Walk(files, visited, diagnostics, HexFormat.of().formatHex(fingerprint.digest()));
    }

    private void pushRules(final Path dir)
    {
        final Path gitignore = dir.resolve(".gitignore");
        if (!Files.isRegularFile(gitignore))
        {
            return;
        }
        try
        {
            frames.push(new Frame(dir, IgnoreRules.parse(Files.readString(gitignore, StandardCharsets.UTF_8))));
        }
        catch (final IOException | RuntimeException ex)
        {
            diagnostics.add(new Diagnostic(
                workspace.relativize(gitignore), 0, Diagnostic.WARNING, "cannot read ignore rules: " + ex));
        }
    }

    private boolean ignored(final Path path, final boolean directory)
    {
        // Innermost .gitignore first: a deeper file overrides its parents.
        for (final Frame frame : frames)
        {
            final String relative = frame.directory.relativize(path).toString().replace('\\', '/');
            final IgnoreRules.Match match = frame.rules.match(relative, directory);
            if (match != IgnoreRules.Match.NONE)
            {
                return match == IgnoreRules.Match.IGNORED;
            }
        }
        return false;
    }
}
