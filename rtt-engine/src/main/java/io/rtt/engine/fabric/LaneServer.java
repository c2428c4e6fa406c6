package io.rtt.engine.fabric;

import org.jspecify.annotations.Nullable;

/**
 * The serving end of a lane, whatever its kind: it takes frames from its clients and hands each, checked, to the
 * {@link FrameHandler} it was served with, with the end to answer on. Made by {@link LaneFactory#serve}.
 * <p>
 * Frames reach the handler on the lane's own thread (a shm lane's consumer agent, a uds lane's event loop), one at a
 * time. A frame that fails its check is skipped and reported to the lane's error handler, as is any failure of the
 * lane's own loop; the lane goes on (a uds lane closes the one connection that sent it). What a client makes the lane
 * refuse, drop or reset (a frame over the route's size, a connection over the cap, an idle or non-reading one, a
 * damaged ring) is reported as a {@link LaneFaultException}. Answers are sent under the answering end's lock
 * ({@code synchronized (replyTo)}), which {@link #close()} also takes: a close never pulls a lane from under a send.
 * <p>
 * A lane whose own thread dies (an {@code Error} its loop cannot carry on from) does not go on silently: it is logged
 * at error and {@link #failure()} says why, so the panel lists its route as unserved and serves it anew.
 */
public interface LaneServer extends AutoCloseable
{
    /**
     * Where clients find this lane, as the panel publishes it.
     *
     * @return the lane's address.
     */
    LaneAddress address();

    /**
     * Why the lane stopped serving by itself: its thread died, or it could not be reset.
     *
     * @return the reason, or null while it serves.
     */
    @Nullable String failure();

    /**
     * Stops taking frames (a handler call under way finishes first), closes the lane's ends and removes its files.
     * Idempotent; a step that fails does not keep the others from running.
     */
    @Override
    void close();
}
