package io.rtt.engine;

import java.nio.file.Path;

/**
 * The layout of a workspace's state: every path RTT reads or writes under {@code <root>/.rtt/}, and the policy file
 * beside it, named once. Nothing else in RTT spells a state path.
 * <pre>
 *   rtt.yaml                          policy
 *   .rtt/workspace.json               the workspace's identity (plans name it)
 *   .rtt/index/symbols.index.json     the scan index; tree.json the stamps of the tree it read
 *   .rtt/plans/&lt;id&gt;.plan.json        plans, their signature envelopes, dep.unify.json
 *   .rtt/objects/                     content-addressed graphs and plans
 *   .rtt/wal/                         the write-ahead log's segments
 *   .rtt/keys/                        local keys (0600) and trust/&lt;version&gt;.json
 *   .rtt/lanes/                       ring files and sockets; routes.json the published lanes
 *   .rtt/data/                        drivers' data (e.g. SQLite databases)
 *   .rtt/drivers/&lt;component&gt;/        generated connectors (rtt gen), one directory per calling component
 *   .rtt/services/&lt;tech&gt;-&lt;id&gt;/        dev services: a throwaway server's data or socket, service.log, pid (0700)
 *   .rtt/apply.lock, panel.lock       OS locks: one apply, one panel at a time
 *   .rtt/panel.sock                   the running panel's control socket (0600)
 *   .rtt/panel.pid, panel.log         a background panel's process id and its log
 *   .rtt/recordings/                  the panel's flight recording dumps, &lt;UTC time&gt;-&lt;reason&gt;.jfr (0600)
 *   .rtt/mcp.token                    the MCP HTTP transport's bearer token (0600)
 * </pre>
 * Immutable and thread-safe.
 *
 * @param root     the workspace root.
 * @param stateDir the state directory, {@code <root>/.rtt}.
 */
public record StateLayout(Path root, Path stateDir)
{
    /** Name of the state directory under the workspace root. */
    public static final String STATE_DIR = ".rtt";

    /**
     * The layout of a workspace root.
     *
     * @param root the workspace root (a real, absolute path).
     * @return its layout.
     */
    public static StateLayout of(final Path root)
    {
        return new StateLayout(root, root.resolve(STATE_DIR));
    }

    /**
     * The workspace root a plan file lies in, when it lies in a workspace's plans directory.
     *
     * @param planFile a plan file's path.
     * @return the root of the workspace whose {@code .rtt/plans/} holds the file, or {@code null}.
     */
    public static Path rootOfPlanFile(final Path planFile)
    {
        final Path plans = planFile.toAbsolutePath().normalize().getParent();
        final Path state = plans == null ? null : plans.getParent();
        if (state == null || state.getParent() == null || !"plans".equals(String.valueOf(plans.getFileName())) ||
            !STATE_DIR.equals(String.valueOf(state.getFileName())))
        {
            return null;
        }
        return state.getParent();
    }

    /**
     * The user's policy, {@code <root>/rtt.yaml}.
     *
     * @return the path of the policy file; it may not exist.
     */
    public Path policyFile()
    {
        return root.resolve("rtt.yaml");
    }

    /**
     * The workspace's identity, {@code .rtt/workspace.json}.
     *
     * @return the path of the identity file.
     */
    public Path identityFile()
    {
        return stateDir.resolve("workspace.json");
    }

    /**
     * The scan catalog's directory, {@code .rtt/index}.
     *
     * @return the path of the index directory.
     */
    public Path indexDir()
    {
        return stateDir.resolve("index");
    }

    /**
     * The scan index, {@code .rtt/index/symbols.index.json}.
     *
     * @return the path of the index file.
     */
    public Path indexFile()
    {
        return indexDir().resolve("symbols.index.json");
    }

    /**
     * The stamps of the tree the last whole-workspace scan read, {@code .rtt/index/tree.json}.
     *
     * @return the path of the stamps file.
     */
    public Path treeStampsFile()
    {
        return indexDir().resolve("tree.json");
    }

    /**
     * Plans and their signature envelopes, {@code .rtt/plans}.
     *
     * @return the path of the plans directory.
     */
    public Path plansDir()
    {
        return stateDir.resolve("plans");
    }

    /**
     * The doctor's report, {@code .rtt/plans/dep.unify.json}.
     *
     * @return the path of the report.
     */
    public Path depUnifyFile()
    {
        return plansDir().resolve("dep.unify.json");
    }

    /**
     * Content-addressed graphs and plans, {@code .rtt/objects}.
     *
     * @return the path of the object store.
     */
    public Path objectsDir()
    {
        return stateDir.resolve("objects");
    }

    /**
     * The write-ahead log's segments, {@code .rtt/wal}.
     *
     * @return the path of the WAL directory.
     */
    public Path walDir()
    {
        return stateDir.resolve("wal");
    }

    /**
     * Local keys and the trust history, {@code .rtt/keys}.
     *
     * @return the path of the keys directory.
     */
    public Path keysDir()
    {
        return stateDir.resolve("keys");
    }

    /**
     * The trust history, {@code .rtt/keys/trust}.
     *
     * @return the path of the trust directory.
     */
    public Path trustDir()
    {
        return keysDir().resolve("trust");
    }

    /**
     * Lane files and sockets, {@code .rtt/lanes} (a short directory under the temporary directory takes its place
     * when socket paths would not fit {@code sun_path}).
     *
     * @return the path of the lanes directory.
     */
    public Path lanesDir()
    {
        return stateDir.resolve("lanes");
    }

    /**
     * The lanes the panel publishes for clients, {@code .rtt/lanes/routes.json}.
     *
     * @return the path of the published lanes.
     */
    public Path publishedLanesFile()
    {
        return lanesDir().resolve("routes.json");
    }

    /**
     * Generated connectors, {@code .rtt/drivers}: {@code rtt gen} writes each calling component's under
     * {@code <component>/}.
     *
     * @return the path of the connectors' directory.
     */
    public Path driversDir()
    {
        return stateDir.resolve("drivers");
    }

    /**
     * Drivers' data, {@code .rtt/data}.
     *
     * @return the path of the data directory.
     */
    public Path dataDir()
    {
        return stateDir.resolve("data");
    }

    /**
     * Dev services, {@code .rtt/services}: one directory per component's throwaway server (0700).
     *
     * @return the path of the services directory.
     */
    public Path servicesDir()
    {
        return stateDir.resolve("services");
    }

    /**
     * The lock one apply holds at a time, {@code .rtt/apply.lock}.
     *
     * @return the path of the apply lock.
     */
    public Path applyLock()
    {
        return stateDir.resolve("apply.lock");
    }

    /**
     * The lock the workspace's one panel holds, {@code .rtt/panel.lock}.
     *
     * @return the path of the panel lock.
     */
    public Path panelLock()
    {
        return stateDir.resolve("panel.lock");
    }

    /**
     * The generated bearer token of the MCP HTTP transport, {@code .rtt/mcp.token}.
     *
     * @return the path of the token file.
     */
    public Path mcpTokenFile()
    {
        return stateDir.resolve("mcp.token");
    }

    /**
     * The running panel's control socket, {@code .rtt/panel.sock} (0600). The panel binds a short path under the
     * temporary directory instead when this one would not fit {@code sun_path}.
     *
     * @return the path of the control socket.
     */
    public Path panelSocket()
    {
        return stateDir.resolve("panel.sock");
    }

    /**
     * The process id of the panel {@code rtt serve --detach} runs in the background, {@code .rtt/panel.pid}.
     *
     * @return the path of the pid file.
     */
    public Path panelPidFile()
    {
        return stateDir.resolve("panel.pid");
    }

    /**
     * Where a background panel's stdout and stderr go, {@code .rtt/panel.log}.
     *
     * @return the path of the log.
     */
    public Path panelLogFile()
    {
        return stateDir.resolve("panel.log");
    }

    /**
     * The panel's flight recording dumps, {@code .rtt/recordings} (0700; each dump 0600).
     *
     * @return the path of the recordings directory.
     */
    public Path recordingsDir()
    {
        return stateDir.resolve("recordings");
    }
}
