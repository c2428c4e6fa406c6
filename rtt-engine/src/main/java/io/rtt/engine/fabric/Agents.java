package io.rtt.engine.fabric;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;

/**
 * Starts the engine's agents the one way: each under its own {@link AgentRunner}, on a daemon thread named for the
 * agent's role ({@code rtt-intake-<route>}, {@code rtt-driver-<component>}), so a process that forgets to close one
 * still exits, and a thread dump says what each thread is.
 */
public final class Agents
{
    private Agents()
    {
    }

    /**
     * Runs an agent on a new daemon thread.
     *
     * @param agent        the loop.
     * @param idleStrategy how it waits when a turn found nothing to do.
     * @param errorHandler told of each error of a turn; the loop goes on. An agent stopping itself (by throwing
     *                     {@link AgentTerminationException}) is no error, and the handler is not told.
     * @return the runner: close it to stop the agent and wait for its thread.
     */
    public static AgentRunner start(final Agent agent, final IdleStrategy idleStrategy, final ErrorHandler errorHandler)
    {
        final ErrorHandler errors = error ->
        {
            if (!(error instanceof AgentTerminationException))
            {
                errorHandler.onError(error);
            }
        };
        final AgentRunner runner = new AgentRunner(idleStrategy, errors, null, agent);
        AgentRunner.startOnThread(runner, task ->
        {
            final Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        });
        return runner;
    }
}
