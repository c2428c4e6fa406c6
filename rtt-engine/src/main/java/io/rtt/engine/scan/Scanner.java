package io.rtt.engine.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.json.Digests;
import io.rtt.engine.json.Json;
import io.rtt.engine.match.HeuristicMatcher;
import io.rtt.engine.match.SymbolMatcher;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.SourceFile;
import io.rtt.engine.model.SymbolIndex;
import io.rtt.engine.scan.internal.Cataloger;
import io.rtt.engine.scan.internal.Catalogers;
import io.rtt.engine.scan.internal.ComponentAssembler;
import io.rtt.engine.scan.internal.ImportHints;
import io.rtt.engine.scan.internal.PackageManifest;
import io.rtt.engine.scan.internal.TreeCache;
import io.rtt.engine.scan.internal.Findings;
import io.rtt.engine.scan.internal.ManifestFile;
import io.rtt.engine.scan.internal.WorkspaceWalker;

/**
 * Scans a workspace: walks it honouring {@code .gitignore}, catalogs every manifest it knows, and assembles the
 * symbol index. A malformed, binary or oversized file becomes a diagnostic and the scan goes on.
 * <p>
 * An unchanged tree (see {@link io.rtt.engine.scan.internal.TreeStamps}) is answered without parsing; a whole
 * workspace without walking either.
 * <p>
 * Thread-safe: concurrent scans are serialised.
 */
public final class Scanner
{
    /** Manifests larger than this are not parsed; real ones are far smaller. */
    public static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;

    private static final String ENGINE_IDENTITY = TreeCache.engineIdentity();

    private final Workspace workspace;
    private final SymbolMatcher matcher;
    /** What a cached tree answers for: this engine's code and the matcher's identity. */
    private final String identity;
    private final Object lock = new Object();
    private Path lastStart;
    private String lastStamps;
    private ScanResult lastResult;
    private TreeCache treeCache;

    /**
     * Creates a scanner of a workspace that decides references with the {@link HeuristicMatcher}.
     *
     * @param workspace the workspace to scan.
     */
    public Scanner(final Workspace workspace)
    {
        this(workspace, new HeuristicMatcher());
    }

    /**
     * Creates a scanner of a workspace.
     *
     * @param workspace the workspace to scan.
     * @param matcher   decides which component a host, a name or a client library means.
     */
    public Scanner(final Workspace workspace, final SymbolMatcher matcher)
    {
        this.workspace = workspace;
        this.matcher = matcher;
        this.identity = ENGINE_IDENTITY + " matcher=" + matcher.identity();
    }

    /**
     * Scans a directory of the workspace. A scan of the whole workspace writes the index to
     * {@link io.rtt.engine.StateLayout#indexFile()} (only when its bytes changed) and the stamps of the tree beside it, so that the
     * next scan of an unchanged tree, in this process or another, checks the stamps and parses nothing.
     *
     * @param start    the directory to scan, inside the workspace (see {@link Workspace#resolveInside(String)}).
     * @param refresh  whether to walk and parse everything even if the tree is unchanged since the last scan.
     * @param listener hears progress; may be called from several threads.
     * @return the index and its digest.
     * @throws java.util.concurrent.CancellationException if the listener asked the scan to stop; nothing is written.
     * @throws RttException {@code BAD_INPUT} if start is not a directory, {@code IO} if it cannot be walked or the
     *                      index cannot be written.
     */
    public ScanResult scan(final Path start, final boolean refresh, final ScanListener listener)
    {
        if (!Files.isDirectory(start))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "not a directory: " + workspace.relativize(start));
        }
        final boolean whole = start.equals(workspace.root());
        synchronized (lock)
        {
            if (!refresh && whole)
            {
                final ScanResult cached = fromTreeCache();
                if (cached != null)
                {
                    return cached;
                }
            }
            final WorkspaceWalker.Walk walk;
            try
            {
                if (whole)
                {
                    // Before the walk stamps the root: creating .rtt/ later would change the root's mtime.
                    Files.createDirectories(workspace.layout().indexFile().getParent());
                }
                walk = new WorkspaceWalker(workspace, Catalogers::wanted, listener).walk(start);
            }
            catch (final IOException ex)
            {
                throw new RttException(RttException.Kind.IO, "cannot walk " + start + ": " + ex, ex);
            }
            stopIfCancelled(listener, walk.visited());
            if (!refresh && lastResult != null && start.equals(lastStart) && walk.stamps().digest().equals(lastStamps))
            {
                return new ScanResult(lastResult.index(), lastResult.digest(), walk.visited(), true);
            }
            final Parsed parsed = parse(walk, listener);
            stopIfCancelled(listener, walk.visited());
            final ScanResult result =
                new ScanResult(parsed.index(), Digests.sha256(parsed.canonical()), walk.visited(), false);
            if (whole)
            {
                persist(result, parsed.canonical(), walk);
            }
            lastStart = start;
            lastStamps = walk.stamps().digest();
            lastResult = result;
            return result;
        }
    }

    private static void stopIfCancelled(final ScanListener listener, final long visited)
    {
        if (listener.cancelled())
        {
            throw new CancellationException("scan cancelled after " + visited + " files");
        }
    }

    private ScanResult fromTreeCache()
    {
        final TreeCache cache = treeCache != null ? treeCache : TreeCache.read(treeCacheFile());
        if (cache == null || !identity.equals(cache.engine()) || !cache.stamps().unchanged(workspace.root()))
        {
            return null;
        }
        treeCache = cache;
        if (lastResult != null && lastResult.digest().equals(cache.index()))
        {
            return new ScanResult(lastResult.index(), lastResult.digest(), cache.visited(), true);
        }
        try
        {
            final byte[] bytes = Files.readAllBytes(workspace.layout().indexFile());
            if (!Digests.sha256(bytes).equals(cache.index()))
            {
                return null; // the index was edited or replaced: rebuild it
            }
            final SymbolIndex index = Json.MAPPER.readValue(bytes, SymbolIndex.class);
            lastResult = new ScanResult(index, cache.index(), cache.visited(), true);
            lastStart = workspace.root();
            lastStamps = cache.stamps().digest();
            return lastResult;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    private void persist(final ScanResult result, final byte[] bytes, final WorkspaceWalker.Walk walk)
    {
        final Path file = workspace.layout().indexFile();
        try
        {
            // Not synced: both files are derived, and the cache is trusted only if the index matches its digest.
            if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), bytes))
            {
                AtomicFiles.write(file, bytes, null, false);
            }
            treeCache = new TreeCache(TreeCache.FORMAT, identity, result.digest(), walk.visited(), walk.stamps());
            treeCache.write(treeCacheFile());
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot write " + file + ": " + ex, ex);
        }
    }

    private Path treeCacheFile()
    {
        return workspace.layout().treeStampsFile();
    }

    /** An index and its canonical bytes, serialised once. */
    private record Parsed(SymbolIndex index, byte[] canonical)
    {
    }

    private Parsed parse(final WorkspaceWalker.Walk walk, final ScanListener listener)
    {
        final int total = walk.files().size();
        final AtomicLong done = new AtomicLong();
        final List<Findings> perFile = walk.files().parallelStream().map(found ->
        {
            final Findings findings = listener.cancelled() ? new Findings() : read(found);
            final long n = done.incrementAndGet();
            if (n % 64 == 0 || n == total)
            {
                listener.onProgress("parse", n, total);
            }
            return findings;
        }).toList();

        final Findings all = new Findings();
        perFile.forEach(all::addAll);
        final Map<String, PackageManifest> entryPoints = new TreeMap<>();
        for (final PackageManifest manifest : all.packages())
        {
            if (manifest.entryPoint())
            {
                entryPoints.putIfAbsent(manifest.directory() + '\0' + manifest.language(), manifest);
            }
        }
        entryPoints.values().parallelStream()
            .flatMap(manifest -> ImportHints.of(manifest, workspace.root()).stream())
            .toList()
            .forEach(all::add);
        listener.onProgress("assemble", 0, 1);
        final ComponentAssembler.Assembly assembly = new ComponentAssembler(workspace.root(), matcher).assemble(all);
        final List<Diagnostic> diagnostics = new ArrayList<>(walk.diagnostics());
        diagnostics.addAll(all.diagnostics());
        diagnostics.addAll(assembly.diagnostics());
        final SymbolIndex index = new SymbolIndex(SymbolIndex.FORMAT, workspace.root().toString(),
            assembly.components(), all.dependencies(), assembly.edges(), diagnostics, all.files());
        listener.onProgress("assemble", 1, 1);
        return new Parsed(index, index.canonicalBytes());
    }

    private static Findings read(final WorkspaceWalker.Found found)
    {
        final Findings findings = new Findings();
        if (found.size() > MAX_MANIFEST_BYTES)
        {
            findings.warning(found.relativePath(), 0,
                "file of " + found.size() + " bytes exceeds the " + MAX_MANIFEST_BYTES + " byte cap; not parsed");
            return findings;
        }
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(found.path());
        }
        catch (final IOException ex)
        {
            findings.warning(found.relativePath(), 0, "cannot read, skipped: " + ex);
            return findings;
        }
        findings.add(new SourceFile(found.relativePath(), Digests.sha256(bytes)));
        if (isBinary(bytes))
        {
            findings.error(found.relativePath(), 0, "binary content where a text manifest was expected; not parsed");
            return findings;
        }
        final ManifestFile file = new ManifestFile(found.path(), found.relativePath(), bytes);
        for (final Cataloger cataloger : Catalogers.ALL)
        {
            if (cataloger.accepts(file.fileName()))
            {
                try
                {
                    cataloger.read(file, findings);
                }
                catch (final RuntimeException ex)
                {
                    // A cataloger bug must not lose the rest of the scan: record it against the file.
                    findings.error(found.relativePath(), 0, "could not catalog: " + ex);
                }
            }
        }
        return findings;
    }

    private static boolean isBinary(final byte[] bytes)
    {
        final int n = Math.min(bytes.length, 8192);
        for (int i = 0; i < n; i++)
        {
            if (bytes[i] == 0)
            {
                return true;
            }
        }
        return false;
    }
}
