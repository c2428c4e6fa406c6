package io.rtt.engine.fabric;

import java.util.function.Consumer;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the engine's agents the one way: each under its own {@link AgentRunner}, on a daemon thread named for the
 * agent's role ({@code rtt-intake-<route>}, {@code rtt-driver-<component>}), so a process that forgets to close one
 * still exits, and a thread dump says what each thread is.
 * <p>
 * An agent's thread never dies silently. The runner reports each error of a turn and carries on, but an
 * {@link Error} it reports and then rethrows, which ends the thread: that death is logged at error, with the role and
 * the stack, and handed to the owner's death handler, so the owner can say its work stopped and have it restarted.
 * Agrona's runner does not call the agent's {@code onClose} when its loop dies so (only when it ends normally): it is
 * called here, before the death handler, so what the agent holds is let go (a shm intake's lane is closed, and its
 * clients see it). An agent's {@code onClose} must therefore be idempotent.
 */
public final class Agents
{
    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);

    private Agents()
    {
    }

    /**
     * Runs an agent on a new daemon thread whose death is logged and nothing more: for agents whose owner watches
     * their thread by other means, or has nothing to restart.
     *
     * @param agent        the loop.
     * @param idleStrategy how it waits when a turn found nothing to do.
     * @param errorHandler told of each error of a turn; the loop goes on. An agent stopping itself (by throwing
     *                     {@link AgentTerminationException}) is no error, and the handler is not told.
     * @return the runner: close it to stop the agent and wait for its thread.
     */
    public static AgentRunner start(final Agent agent, final IdleStrategy idleStrategy, final ErrorHandler errorHandler)
    {
        return start(agent, idleStrategy, errorHandler, error ->
        {
        });
    }

    /**
     * Runs an agent on a new daemon thread.
     *
     * @param agent        the loop.
     * @param idleStrategy how it waits when a turn found nothing to do.
     * @param errorHandler told of each error of a turn; the loop goes on. An agent stopping itself (by throwing
     *                     {@link AgentTerminationException}) is no error, and the handler is not told.
     * @param onDeath      told, on the dying thread once the agent's {@code onClose} ran, of the error that ended the
     *                     thread; fast, never blocking (it must not wait for the runner, whose thread it is on) and
     *                     never throwing. Not called when the agent stops itself or is closed.
     * @return the runner: close it to stop the agent and wait for its thread.
     */
    public static AgentRunner start(final Agent agent, final IdleStrategy idleStrategy, final ErrorHandler errorHandler,
        final Consumer<Throwable> onDeath)
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
            thread.setUncaughtExceptionHandler((dead, error) ->
            {
                LOG.error("thread {} died: {}", dead.getName(), error.toString(), error);
                try
                {
                    agent.onClose();
                }
                catch (final Throwable closeFailure)
                {
                    LOG.error("{}: closing after its death failed: {}", dead.getName(), closeFailure.toString());
                }
                onDeath.accept(error);
            });
            return thread;
        });
        return runner;
    }
}
