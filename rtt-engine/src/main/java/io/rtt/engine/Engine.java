package io.rtt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;

import io.rtt.engine.deps.DepFixer;
import io.rtt.engine.deps.DepPolicy;
import io.rtt.engine.deps.Doctor;
import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.plan.PlanFiles;
import io.rtt.engine.plan.PlanPolicy;
import io.rtt.engine.plan.Planner;
import io.rtt.engine.scan.ScanListener;
import io.rtt.engine.scan.ScanResult;
import io.rtt.engine.scan.Scanner;
import org.jspecify.annotations.Nullable;

/**
 * The engine facade: the one entry point the CLI verbs and the MCP tools both call.
 * <p>
 * Thread-safe: an engine serves one workspace to many concurrent callers.
 */
public final class Engine
{
    private final Workspace workspace;
    private final Scanner scanner;

    private Engine(final Workspace workspace)
    {
        this.workspace = workspace;
        this.scanner = new Scanner(workspace);
    }

    /**
     * Opens the engine on a workspace directory.
     *
     * @param root the repository root.
     * @return the engine.
     * @throws RttException {@code BAD_INPUT} if the root is not a directory.
     */
    public static Engine open(final Path root)
    {
        return new Engine(Workspace.open(root));
    }

    /**
     * The workspace this engine serves.
     *
     * @return the workspace.
     */
    public Workspace workspace()
    {
        return workspace;
    }

    /**
     * Scans the workspace or a directory inside it. A scan of the whole workspace writes the index to
     * {@link Workspace#indexFile()} (only when its bytes changed).
     *
     * @param path     directory to scan, relative to the root; {@code null} or empty for the whole workspace.
     * @param refresh  whether to re-parse every manifest even if the tree is unchanged.
     * @param listener hears progress.
     * @return the scan's outcome.
     * @throws RttException {@code REFUSED} for a path outside the workspace, {@code BAD_INPUT} for one that does not
     *                      exist, {@code IO} if the tree or the index cannot be read or written.
     */
    public ScanResult scan(final @Nullable String path, final boolean refresh, final ScanListener listener)
    {
        return scanner.scan(workspace.resolveInside(path), refresh, listener);
    }

    /**
     * Finds version drift across the workspace's manifests and writes the report to
     * {@code .rtt/plans/dep.unify.json}.
     *
     * @return the report.
     * @throws RttException {@code BAD_INPUT} for an invalid {@code rtt.yaml}, {@code IO} if files cannot be read
     *                      or the report cannot be written.
     */
    public DoctorReport doctor()
    {
        final DoctorReport report = Doctor.examine(workspace, scan(null, false, ScanListener.NONE).index(),
            DepPolicy.load(workspace));
        final Path file = workspace.stateDir().resolve("plans").resolve("dep.unify.json");
        try
        {
            AtomicFiles.write(file, report.canonicalBytes(), null, false);
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot write " + file + ": " + ex, ex);
        }
        return report;
    }

    /**
     * Rewrites the version strings the doctor flags, or with {@code dryRun} only shows the diff.
     *
     * @param dryRun whether to write nothing.
     * @return what changed (or would).
     * @throws RttException as {@link #doctor()}, and {@code IO} if a manifest cannot be rewritten.
     */
    public DepFixer.FixResult fixDependencies(final boolean dryRun)
    {
        return DepFixer.fix(workspace, doctor(), dryRun);
    }

    /**
     * Plans the wiring of the workspace against the WAL head and writes the plan to
     * {@code .rtt/plans/<id>.plan.json}.
     *
     * @return the plan.
     * @throws RttException {@code BAD_INPUT} for an invalid or infeasible policy, {@code REFUSED} for a damaged
     *                      log, {@code IO} on file errors.
     */
    public Plan plan()
    {
        final Plan plan = Planner.plan(scan(null, false, ScanListener.NONE).index(), PlanPolicy.load(workspace),
            applier().head());
        new PlanFiles(workspace).write(plan);
        return plan;
    }

    /**
     * The applier of this workspace, on the system clock.
     *
     * @return the applier.
     */
    public Applier applier()
    {
        return new Applier(workspace, Clock.systemUTC());
    }

    /**
     * The current index document, scanning the workspace first if no index has been written yet.
     *
     * @return the index's canonical JSON bytes.
     * @throws RttException {@code IO} if the index cannot be read or written.
     */
    public byte[] indexBytes()
    {
        try
        {
            return Files.readAllBytes(workspace.indexFile());
        }
        catch (final NoSuchFileException ex)
        {
            return scan(null, false, ScanListener.NONE).index().canonicalBytes();
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read " + workspace.indexFile() + ": " + ex, ex);
        }
    }
}
