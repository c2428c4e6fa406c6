package io.rtt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.rtt.engine.deps.DepFixer;
import io.rtt.engine.deps.DepPolicy;
import io.rtt.engine.deps.Doctor;
import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.fs.AtomicFiles;
import io.rtt.engine.gen.ConnectorLanguage;
import io.rtt.engine.gen.GenerateReport;
import io.rtt.engine.gen.Generator;
import io.rtt.engine.flight.FlightRecorder;
import io.rtt.engine.flight.RecordingStatus;
import io.rtt.engine.panel.DetachedPanel;
import io.rtt.engine.panel.Panel;
import io.rtt.engine.panel.PanelClient;
import io.rtt.engine.panel.PanelStatus;
import io.rtt.engine.panel.RouteStatus;
import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.ObjectStore;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.plan.PlanFiles;
import io.rtt.engine.plan.PlanPolicy;
import io.rtt.engine.plan.Planner;
import io.rtt.engine.query.DatastoreQuery;
import io.rtt.engine.query.QueryRequest;
import io.rtt.engine.query.QueryResult;
import io.rtt.engine.scan.ScanListener;
import io.rtt.engine.scan.ScanResult;
import io.rtt.engine.scan.Scanner;
import io.rtt.engine.telemetry.MetricsReport;
import io.rtt.engine.telemetry.RouteMetrics;
import io.rtt.engine.trust.Keyring;
import io.rtt.engine.trust.LogTrust;
import io.rtt.engine.trust.TrustSet;
import io.rtt.engine.trust.WorkspaceIdentity;
import io.rtt.engine.verify.CanaryApply;
import io.rtt.engine.verify.GatedApply;
import io.rtt.engine.verify.Verifier;
import io.rtt.engine.verify.VerifyReport;
import io.rtt.engine.wal.LogView;
import io.rtt.engine.wal.Wal;
import org.jspecify.annotations.Nullable;

/**
 * The engine facade: the one entry point the CLI verbs and the MCP tools both call. They reach the workspace's
 * state only through it (and its {@link StateLayout}), so a verb and a tool doing the same job run the same code.
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
     * {@link StateLayout#indexFile()} (only when its bytes changed).
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
        final Path file = workspace.layout().depUnifyFile();
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
        plans().write(plan);
        return plan;
    }

    /**
     * The whole pipeline, {@code rtt up}: scan, doctor, plan, and with {@code apply} sign and apply; then, when the
     * WAL head has routes, serve them and send real requests over each.
     *
     * @param apply    whether to sign (with the local key, made on first use) and apply the plan.
     * @param requests requests sent over each served route.
     * @param listener hears the scan's progress.
     * @return what each step did.
     * @throws RttException as each step does.
     */
    public UpReport up(final boolean apply, final int requests, final ScanListener listener)
    {
        return new Pipeline(this).run(apply, requests, listener);
    }

    /**
     * The WAL as it is now: frames verified (CRC-32C and hash chain) on read, the RFC 6962 tree and its proofs.
     *
     * @return the log.
     * @throws RttException {@code REFUSED} naming the frame for a damaged log, {@code IO} if it cannot be read.
     */
    public LogView log()
    {
        return LogView.read(workspace.layout().walDir());
    }

    /**
     * Reads the WAL and checks what every reader relies on: each apply and rollback frame carries a threshold of
     * valid signatures by keys trusted at its point of the log, the trust history is the one the log recorded, and
     * every graph object a frame names matches its digest.
     *
     * @return the verified log.
     * @throws RttException as {@link #log()}, and {@code REFUSED} for an untrusted frame, a trust history that does
     *                      not match the log, or a missing or altered graph object.
     */
    public LogView verifyLog()
    {
        final LogView log = log();
        if (log.size() > 0)
        {
            LogTrust.verify(log.records(), keyring().history(), WorkspaceIdentity.of(workspace));
        }
        final ObjectStore objects = new ObjectStore(workspace);
        for (final Wal.Frame frame : log.frames())
        {
            objects.get(frame.record().graph());
        }
        return log;
    }

    /**
     * The committed routes and whether the workspace's panel serves them: as the running panel says over its control
     * socket, or, when none runs or it does not answer, as seen from outside any panel.
     *
     * @return every committed route's status, sorted by route id.
     * @throws RttException as {@link Applier#head()}.
     */
    public List<RouteStatus> routes()
    {
        if (PanelClient.running(workspace))
        {
            try
            {
                return PanelClient.status(workspace).routes();
            }
            catch (final RttException notAnswering)
            {
                // a panel starting or stopping, or one without a control socket: its published lanes still tell
            }
        }
        return Panel.observe(this);
    }

    /**
     * Whether a panel, in this process or another, serves the workspace.
     *
     * @return true when one runs.
     */
    public boolean panelRunning()
    {
        return PanelClient.running(workspace);
    }

    /**
     * The running panel's status, asked over its control socket.
     *
     * @return its process, uptime, WAL head and routes.
     * @throws RttException {@code REFUSED} when no panel serves the workspace (the message says how to start one),
     *                      {@code IO} when it does not answer.
     */
    public PanelStatus panelStatus()
    {
        return PanelClient.status(workspace);
    }

    /**
     * The running panel's routes' metrics over a recent window: requests and errors per second, rejected, dropped
     * and expired messages, latency quantiles, bytes.
     *
     * @param route  the one route to report, or null for every live route.
     * @param window how far back to look: whole seconds, 1 s to {@link RouteMetrics#WINDOW_SLICES} s.
     * @return each route's window.
     * @throws RttException {@code BAD_INPUT} for a window out of bounds or a route the panel does not serve,
     *                      {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer.
     */
    public MetricsReport metrics(final @Nullable String route, final Duration window)
    {
        checkWindow(window);
        return PanelClient.metrics(workspace, route, (int)window.toSeconds());
    }

    /**
     * Runs a query against a component's datastore through one of its committed routes, as the running panel serves
     * it: SQL for postgres and sqlite, Cypher for neo4j, a command for redis. Read-only unless the request allows
     * writes; the driver refuses a write in a read-only query.
     *
     * @param request the component, the query, its parameters, whether it may write, and how long to wait.
     * @return the driver's answer, and the route it went through.
     * @throws RttException as {@link DatastoreQuery#run}.
     */
    public QueryResult query(final QueryRequest request)
    {
        return DatastoreQuery.run(workspace, applier().head(), request);
    }

    /**
     * Verifies the committed wiring now: the log and its signatures re-verify, the head's graph is stored, the
     * running panel serves the head, every route with a driver answers a probe within its deadline, breakers are
     * closed, and each route meets its objectives over the window.
     *
     * @param window the window objectives are judged on: whole seconds, 1 s to {@link RouteMetrics#WINDOW_SLICES} s.
     * @return every check, passed or not; a failure names the route, the number and the bound.
     * @throws RttException {@code BAD_INPUT} for a window out of bounds.
     */
    public VerifyReport verify(final Duration window)
    {
        checkWindow(window);
        return Verifier.verify(this, window);
    }

    /**
     * Applies a signed plan and verifies it on the running panel; when a check fails, records the verdict and rolls
     * back by itself as rtt.yaml's {@code automation} allows, or says which command finishes the rollback.
     *
     * @param plan   the signed plan.
     * @param window the window objectives are judged on, 1 s to {@link RouteMetrics#WINDOW_SLICES} s.
     * @return what was applied, verified and rolled back.
     * @throws RttException as {@link Applier#apply} when the plan is refused; {@code BAD_INPUT} for a bad window.
     */
    public GatedApply.Report applyVerified(final Plan plan, final Duration window)
    {
        checkWindow(window);
        return GatedApply.apply(this, plan, window);
    }

    /**
     * Applies a signed plan as a canary on the running panel and waits for its verdict: each route the plan changes
     * runs beside its current definition on {@code fraction} of its messages until the panel's oracle promotes the
     * plan or rolls it back by itself (signed by rtt.yaml's automation key; otherwise the rollback is left to a
     * person, and the canary's note says how).
     *
     * @param plan     the signed plan.
     * @param fraction each changed route's share of messages for its canary, above 0 and below 1.
     * @param maxWait  how long the canary may run before it is judged on what it has, 1 s to an hour.
     * @param requests requests to send over each changed route while it runs; 0 when the workspace's own clients do.
     * @return the commit and the canary's verdict with its numbers.
     * @throws RttException {@code REFUSED} when no panel runs or the plan is refused, {@code BAD_INPUT} for a value
     *                      out of bounds or a canary the panel refuses.
     */
    public CanaryApply.Report applyCanary(final Plan plan, final double fraction, final Duration maxWait,
        final int requests)
    {
        if (!(fraction > 0 && fraction < 1) || maxWait.toSeconds() < 1 || maxWait.toSeconds() > 3600 || requests < 0)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "a canary needs a fraction above 0 and below 1 (got " +
                fraction + "), a wait of 1 s to 1 h (got " + maxWait.toSeconds() + " s) and 0 or more requests (got " +
                requests + ")");
        }
        return CanaryApply.apply(this, plan, fraction, maxWait, requests);
    }

    private static void checkWindow(final Duration window)
    {
        if (window.toNanos() % 1_000_000_000L != 0 || window.toSeconds() < 1 ||
            window.toSeconds() > RouteMetrics.WINDOW_SLICES)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, "window of " + (window.toMillis() % 1000 == 0 ?
                window.toSeconds() + " s" : window.toMillis() + " ms") + ": expected whole seconds from 1 s to " +
                RouteMetrics.WINDOW_SLICES + " s (the panel keeps that many one-second slices)");
        }
    }

    /**
     * The running panel's flight recording, asked over its control socket: whether it runs, its bounds, and the
     * dumps kept under {@link StateLayout#recordingsDir()}.
     *
     * @return the recording's status.
     * @throws RttException {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer.
     */
    public RecordingStatus recording()
    {
        return PanelClient.recording(workspace);
    }

    /**
     * Asks the running panel to dump its flight recording to {@code .rtt/recordings/<UTC time>-<reason>.jfr}.
     *
     * @param reason why: 1 to {@link FlightRecorder#MAX_REASON_CHARS} letters, digits, {@code -} or {@code _}.
     * @return the dump.
     * @throws RttException {@code BAD_INPUT} for a reason refused or a panel that keeps no recording,
     *                      {@code REFUSED} when no panel serves the workspace, {@code IO} when it does not answer.
     */
    public RecordingStatus.Dump dumpRecording(final String reason)
    {
        try
        {
            FlightRecorder.checkReason(reason);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RttException(RttException.Kind.BAD_INPUT, ex.getMessage(), ex);
        }
        return PanelClient.dumpRecording(workspace, reason);
    }

    /**
     * Starts the workspace's panel in a background process ({@code rtt serve --detach}), its log in
     * {@link StateLayout#panelLogFile()} and its pid in {@link StateLayout#panelPidFile()}, and waits until it
     * answers on its control socket.
     *
     * @param metricsPort loopback port of its {@code GET /metrics}: 0 picks a free one, -1 serves none.
     * @return the new panel's status.
     * @throws RttException {@code REFUSED} when a panel already serves the workspace, {@code BAD_INPUT} for a port
     *                      out of range, {@code IO} when the process fails to start or to answer in time.
     */
    public PanelStatus startPanelInBackground(final int metricsPort)
    {
        return DetachedPanel.start(this, metricsPort);
    }

    /**
     * Stops the workspace's running panel, wherever it runs: asks it over its control socket and waits for it to
     * exit, and sends SIGTERM to a detached one that does not answer or does not exit in time.
     *
     * @return what was done; nothing when no panel runs.
     * @throws RttException {@code IO} when the panel cannot be stopped.
     */
    public DetachedPanel.Stop stopPanel()
    {
        return DetachedPanel.stop(this);
    }

    /**
     * Starts the workspace's panel in this process: it serves every committed route it has a driver for.
     *
     * @param metricsPort port of {@code GET /metrics} on loopback (0 picks a free one).
     * @param watchMs     how often it looks for a new WAL head, in milliseconds; 0 never.
     * @return the running panel; close it to stop.
     * @throws IllegalStateException if a panel already serves the workspace.
     * @throws RttException          if the log or the policy cannot be read.
     */
    public Panel startPanel(final int metricsPort, final long watchMs)
    {
        return startPanel(metricsPort, watchMs, null);
    }

    /**
     * Starts the workspace's panel in this process, telling its owner when a control client asks it to stop.
     *
     * @param metricsPort port of {@code GET /metrics} on loopback (0 picks a free one).
     * @param watchMs     how often it looks for a new WAL head, in milliseconds; 0 never.
     * @param onStop      run, on a thread of its own, when a control client asks the panel to stop ({@code rtt serve
     *                    --stop}): the owner then closes the panel and exits; null for the panel to close itself.
     * @return the running panel; close it to stop.
     * @throws IllegalStateException if a panel already serves the workspace.
     * @throws RttException          if the log or the policy cannot be read.
     */
    public Panel startPanel(final int metricsPort, final long watchMs, final @Nullable Runnable onStop)
    {
        return Panel.start(new Panel.Context().engine(this).metricsPort(metricsPort).watchIntervalMs(watchMs)
            .stopHandler(onStop));
    }

    /**
     * The workspace's plan files.
     *
     * @return the plan files.
     */
    public PlanFiles plans()
    {
        return new PlanFiles(workspace);
    }

    /**
     * The workspace's keys and trust set, to read; changes go through {@link #createKey}, {@link #trustKey} and
     * {@link #revokeKey}, which record them in the log.
     *
     * @return the keyring.
     */
    public Keyring keyring()
    {
        return Keyring.of(workspace);
    }

    /**
     * Creates a local key; the workspace's first key founds the trust set, which the log then records.
     *
     * @param name the key's name.
     * @return the new key.
     * @throws RttException as {@link Keyring#init(String)} and {@link Applier#recordTrust()}.
     */
    public Keyring.LocalKey createKey(final String name)
    {
        final Keyring.LocalKey key = keyring().init(name);
        applier().recordTrust();
        return key;
    }

    /**
     * Adds a public key to the trust set and records the new version in the log.
     *
     * @param publicKey an {@code ssh-ed25519} line.
     * @param name      the key's name, or {@code null} for the line's comment.
     * @param threshold the new threshold, or {@code null} to keep it.
     * @return the new trust set.
     * @throws RttException as {@link Keyring#trust} and {@link Applier#recordTrust()}.
     */
    public TrustSet trustKey(final String publicKey, final String name, final Integer threshold)
    {
        final TrustSet set = keyring().trust(publicKey, name, threshold);
        applier().recordTrust();
        return set;
    }

    /**
     * Removes a key from the trust set and records the new version in the log, so the removal cannot be undone by
     * deleting the version's file.
     *
     * @param keyId     the key's id.
     * @param threshold the new threshold, or {@code null} to keep it (capped at the keys left).
     * @return the new trust set.
     * @throws RttException as {@link Keyring#revoke} and {@link Applier#recordTrust()}.
     */
    public TrustSet revokeKey(final String keyId, final Integer threshold)
    {
        final TrustSet set = keyring().revoke(keyId, threshold);
        applier().recordTrust();
        return set;
    }

    /**
     * Generates, for each route committed at the WAL head, a client in its calling component's language (or the one
     * asked for) that speaks the route driver's requests and carries its deadline, under
     * {@code .rtt/drivers/<component>/} or the directory asked for; hand edits inside {@code rtt:keep} regions are
     * kept.
     *
     * @param language {@code java}, {@code python}, {@code node} or {@code go} for every client, or null for each
     *                 component's own language.
     * @param out      the output directory, relative to the workspace root or absolute, or null for
     *                 {@code .rtt/drivers}.
     * @return the files written and unchanged, and the routes without a client, with the reason.
     * @throws RttException {@code BAD_INPUT} for an unknown language or a file whose kept regions cannot be kept,
     *                      {@code REFUSED} for an output directory outside the workspace or inside {@code .rtt/}, and
     *                      as {@link #verifyLog()}.
     */
    public GenerateReport generate(final @Nullable String language, final @Nullable String out)
    {
        final ConnectorLanguage chosen = language == null ? null : ConnectorLanguage.parse(language);
        final Path dir = out == null ? workspace.layout().driversDir() : Generator.outputDirectory(workspace, out);
        return Generator.generate(workspace, verifyLog(), chosen, dir);
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
            return Files.readAllBytes(workspace.layout().indexFile());
        }
        catch (final NoSuchFileException ex)
        {
            return scan(null, false, ScanListener.NONE).index().canonicalBytes();
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read " + workspace.layout().indexFile() + ": " + ex, ex);
        }
    }
}
