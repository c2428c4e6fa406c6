package io.rtt.engine.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.engine.json.Digests;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.SourceFile;
import io.rtt.engine.model.SymbolIndex;
import io.rtt.engine.scan.internal.Cataloger;
import io.rtt.engine.scan.internal.Cataloger;
import io.rtt.engine.scan.internal.Catalogers;
import io.rtt.engine.scan.internal.ComponentAssembler;
import io.rtt.engine.scan.internal.Findings;
import io.rtt.engine.scan.internal.ManifestFile;
import io.rtt.engine.scan.internal.WorkspaceWalker;

/**
 * Scans a workspace: walks it honouring {@code .gitignore}, catalogs every manifest it knows, and assembles the
 * symbol index. A malformed, binary or oversized file becomes a diagnostic and the scan goes on.
 * <p>
 * An unchanged tree (the same files with the same sizes and modification times) is answered from the previous
 * result without parsing.
 * <p>
 * Thread-safe: concurrent scans are serialised.
 */
public final class Scanner
{
    /** Manifests larger than this are not parsed; real ones are far smaller. */
    public static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;

    private final Workspace workspace;
    private final Object lock = new Object();
    private Path lastStart;
    private String lastFingerprint;
    private ScanResult lastResult;

    /**
     * Creates a scanner of a workspace.
     *
     * @param workspace the workspace to scan.
     */
    public Scanner(final Workspace workspace)
    {
        this.workspace = workspace;
    }

    /**
     * Scans a directory of the workspace.
     *
     * @param start    the directory to scan, inside the workspace (see {@link Workspace#resolveInside(String)}).
     * @param refresh  whether to parse every manifest even if the tree is unchanged since the last scan.
     * @param listener hears progress.
     * @return the index and its digest.
     * @throws RttException {@code BAD_INPUT} if start is not a directory, {@code IO} if it cannot be walked.
     */
    public ScanResult scan(final Path start, final boolean refresh, final ScanListener listener)
    {
        if (!Files.isDirectory(start))
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "not a directory: " + workspace.relativize(start));
        }
        synchronized (lock)
        {
            final WorkspaceWalker.Walk walk;
            try
            {
                walk = new WorkspaceWalker(workspace, Catalogers::wanted, listener).walk(start);
            }
            catch (final IOException ex)
            {
                throw new RttException(RttException.Kind.IO, "cannot walk " + start + ": " + ex, ex);
            }
            final String fingerprint = walk.fingerprint();
            if (!refresh && lastResult != null && start.equals(lastStart) && fingerprint.equals(lastFingerprint))
            {
                return new ScanResult(lastResult.index(), lastResult.digest(), walk.visited(), true);
            }
            final ScanResult result = parse(walk, listener);
            lastStart = start;
            lastFingerprint = fingerprint;
            lastResult = result;
            return result;
        }
    }

    private ScanResult parse(final WorkspaceWalker.Walk walk, final ScanListener listener)
    {
        final int total = walk.files().size();
        final AtomicLong done = new AtomicLong();
        final List<Findings> perFile = walk.files().parallelStream().map(found ->
        {
            final Findings findings = read(found);
            final long n = done.incrementAndGet();
            if (n % 64 == 0 || n == total)
            {
                listener.onProgress("parse", n, total);
            }
            return findings;
        }).toList();

        final Findings all = new Findings();
        perFile.forEach(all::addAll);
        listener.onProgress("assemble", 0, 1);
        final ComponentAssembler.Assembly assembly = new ComponentAssembler(workspace.root()).assemble(all);
        final List<Diagnostic> diagnostics = new ArrayList<>(walk.diagnostics());
        diagnostics.addAll(all.diagnostics());
        diagnostics.addAll(assembly.diagnostics());
        final SymbolIndex index = new SymbolIndex(SymbolIndex.FORMAT, workspace.root().toString(),
            assembly.components(), all.dependencies(), assembly.edges(), diagnostics, all.files());
        listener.onProgress("assemble", 1, 1);
        return new ScanResult(index, Digests.sha256(index.canonicalBytes()), walk.visited(), false);
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
