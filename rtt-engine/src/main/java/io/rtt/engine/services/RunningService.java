package io.rtt.engine.services;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A dev service's server, running: where to connect, what seeded it, and how to stop it. Closing stops the server
 * (its own shutdown first, then by force after a bounded wait) and removes its throwaway data.
 * <p>
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class RunningService implements AutoCloseable
{
    private final String technology;
    private final URI endpoint;
    private final ProcessHandle process;
    private final List<Path> seeded;
    private final Runnable stop;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Wraps a started server.
     *
     * @param technology the technology served.
     * @param endpoint   where clients connect.
     * @param process    the server process.
     * @param seeded     the schema files run into it, in order.
     * @param stop       stops the process (bounded, then by force) and removes its data; run once.
     */
    RunningService(final String technology, final URI endpoint, final ProcessHandle process, final List<Path> seeded,
        final Runnable stop)
    {
        this.technology = technology;
        this.endpoint = endpoint;
        this.process = process;
        this.seeded = List.copyOf(seeded);
        this.stop = stop;
    }

    /**
     * The technology served.
     *
     * @return e.g. {@code postgres}.
     */
    public String technology()
    {
        return technology;
    }

    /**
     * Where clients connect: {@code postgresql://rtt@/postgres?host=<socket dir>&port=<port>} (libpq style,
     * Unix socket) for Postgres, {@code unix:///<dir>/redis.sock} for Redis.
     *
     * @return the endpoint.
     */
    public URI endpoint()
    {
        return endpoint;
    }

    /**
     * The server's process id.
     *
     * @return its pid.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * Whether the server process is still running.
     *
     * @return true while it runs.
     */
    public boolean alive()
    {
        return process.isAlive();
    }

    /**
     * The schema files run into the server when it started, in the order they ran.
     *
     * @return their paths; empty when none was found or the server was reused from an earlier run.
     */
    public List<Path> seeded()
    {
        return seeded;
    }

    /** Stops the server and removes its throwaway data; later calls do nothing. */
    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            stop.run();
        }
    }

    @Override
    public String toString()
    {
        return technology + " pid " + process.pid() + " at " + endpoint;
    }
}
