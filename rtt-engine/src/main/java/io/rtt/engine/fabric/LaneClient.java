package io.rtt.engine.fabric;

/**
 * The calling end of a lane, whatever its kind: it sends frames to the serving end, and hands the frames that come
 * back, checked, to the {@link FrameHandler} it was connected with, on the lane's own thread. Made by
 * {@link LaneFactory#connect}.
 * <p>
 * Not thread-safe, like every {@link FrameSender}: one thread sends, or the callers lock the end itself
 * ({@code synchronized (client)}), which {@link #close()} also takes. Once the end is closed, by this side or because
 * the serving end went away, every send throws {@link LaneClosedException}.
 */
public interface LaneClient extends FrameSender, AutoCloseable
{
    /**
     * Runs {@code action} once, when the lane closes from either end: after {@link #close()}, or once this end sees
     * that the serving end closed. Registered after that, it runs at once. A serving end that dies (rather than
     * closing) may be restarted on the same lane, and does not close a shm client.
     *
     * @param action what to do; fast, and never throwing.
     */
    void onClose(Runnable action);

    /**
     * Leaves the lane: sends what is batched, stops the lane's thread, closes the end. Idempotent.
     */
    @Override
    void close();
}
