package io.rtt.engine.fabric;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The uds lane's event-loop wait, shaped like the shm lane's: for {@link #POLL_NS} after the last I/O the loop polls
 * epoll without blocking, yielding the core between polls, so the next message of a busy exchange is taken without
 * a sleep and a wake-up; past that it blocks in {@code epoll_wait} and costs nothing while idle. Never a busy-spin:
 * every empty poll yields.
 * <p>
 * Measured here: a ping-pong whose loops block in {@code epoll_wait} after every message settles at a 50-60 µs
 * round trip after half a second (the blocked vCPU's wake-up, on this VM), against 6-7 µs with this wait; 20 µs of
 * polling was too short to bridge a round trip, 100 µs holds it.
 */
final class HybridSelectStrategy implements SelectStrategy
{
    /** How long after the last I/O the loop keeps polling. */
    static final long POLL_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private long lastIoNs;

    private HybridSelectStrategy()
    {
    }

    /** A one-thread epoll event loop (a daemon named {@code threadName}) that waits this way. */
    static EventLoopGroup newEventLoop(final String threadName)
    {
        return newEventLoop(threadName, () ->
        {
        });
    }

    /**
     * A one-thread epoll event loop (a daemon named {@code threadName}) that waits this way, and runs
     * {@code onThreadEnd} on its thread as the thread ends, whether the loop was shut down or died: Netty logs a loop
     * that dies, and tells no one else.
     */
    static EventLoopGroup newEventLoop(final String threadName, final Runnable onThreadEnd)
    {
        final ThreadFactory threads = new DefaultThreadFactory(threadName, true);
        return new MultiThreadIoEventLoopGroup(1, (ThreadFactory)loop -> threads.newThread(() ->
        {
            try
            {
                loop.run();
            }
            finally
            {
                onThreadEnd.run();
            }
        }), EpollIoHandler.newFactory(0, HybridSelectStrategy::new));
    }

    @Override
    public int calculateStrategy(final IntSupplier selectNow, final boolean hasTasks) throws Exception
    {
        final int ready = selectNow.get();
        final long now = System.nanoTime();
        if (ready > 0 || hasTasks)
        {
            lastIoNs = now;
            return ready;
        }
        if (now - lastIoNs < POLL_NS)
        {
            Thread.yield();
            return SelectStrategy.CONTINUE;
        }
        return SelectStrategy.SELECT;
    }
}
