package io.rtt.engine.fabric;

import io.rtt.engine.model.Lane;
import org.agrona.ErrorHandler;

/**
 * Makes both ends of one kind of lane. {@link #of} is the one place that maps a {@link Lane} kind to its lanes: a new
 * kind (a {@code net} lane between hosts) is a new constant of {@link Lane}, a factory, and a case there, and the
 * panel's {@code RouteServer} and {@link RouteClient} carry it unchanged.
 * <p>
 * Implementations are stateless and thread-safe.
 */
public interface LaneFactory
{
    /**
     * The factory of a lane kind.
     *
     * @param kind the lane kind.
     * @return its factory.
     */
    static LaneFactory of(final Lane kind)
    {
        return switch (kind)
        {
            case SHM -> ShmLaneFactory.INSTANCE;
            case UDS -> UdsLaneFactory.INSTANCE;
        };
    }

    /**
     * The kind of lane this factory makes.
     *
     * @return the kind.
     */
    Lane kind();

    /**
     * Serves a lane: binds its files in {@code spec.laneDir()} and starts handing frames to {@code handler}.
     *
     * @param spec         the route and size.
     * @param handler      receives each checked frame, with the end to answer on.
     * @param errorHandler told of each frame skipped as malformed (an {@link IllegalArgumentException} naming the
     *                     fault) and each failure of the lane's loop; fast, and never throwing.
     * @return the serving end, already taking frames.
     * @throws IllegalStateException    when a live process serves that lane already.
     * @throws IllegalArgumentException when a path is over the sun_path limit or the size is out of bounds.
     */
    LaneServer serve(LaneSpec spec, FrameHandler handler, ErrorHandler errorHandler);

    /**
     * Connects to a served lane.
     *
     * @param address      the lane's published address, of this factory's kind.
     * @param handler      receives each checked frame the serving end sends.
     * @param errorHandler told of each frame skipped as malformed and each failure of the lane's loop.
     * @return the calling end.
     * @throws IllegalArgumentException when the address is of another kind, or no lane of this kind is there.
     * @throws LaneClosedException      when nothing serves a uds lane's socket.
     * @throws IllegalStateException    when a shm lane has a live client already.
     */
    LaneClient connect(LaneAddress address, FrameHandler handler, ErrorHandler errorHandler);
}
