package io.rtt.engine.services;

import java.nio.file.Path;

import io.rtt.engine.RttException;

/**
 * One kind of datastore a dev service can start: a throwaway server with its own data in a directory RTT owns.
 * Implementations are stateless and thread-safe; each {@link RunningService} they return owns its process.
 */
public interface DevService
{
    /**
     * The technology served, as a component's {@code technology} names it.
     *
     * @return e.g. {@code postgres} or {@code redis}.
     */
    String technology();

    /**
     * Starts a fresh server whose files live in (or are named from) a directory: its data is initialised anew.
     *
     * @param dir the service's directory, {@code .rtt/services/<technology>-<component>} (existing, 0700); its
     *            {@code service.log} receives the server's stdout and stderr.
     * @return the running server, accepting connections at its endpoint.
     * @throws RttException {@code IO} naming the one command that installs the server when none is found, or
     *                      quoting the log's tail when the server does not come up.
     */
    RunningService start(Path dir);

    /**
     * Whether a process is this service's server, as a pid file left by an earlier run names it.
     *
     * @param process a live process.
     * @return true when its executable is this service's server binary.
     */
    boolean owns(ProcessHandle process);

    /**
     * Whether the server a directory's earlier run started still answers on its socket.
     *
     * @param dir the service's directory.
     * @return true when it accepts connections.
     */
    boolean answers(Path dir);

    /**
     * Stops a server left running by an earlier run (one that no longer answers, or before starting anew), within
     * a bounded wait, then by force.
     *
     * @param dir     the service's directory.
     * @param process its server process.
     */
    void stopLeftover(Path dir, ProcessHandle process);
}
