package io.rtt.engine.fabric;

import io.rtt.engine.model.Lane;
import org.agrona.ErrorHandler;

/**
 * Shared-memory lanes: a pair of rings in a mapped file {@code <laneDir>/r<routeId>.lane}, one client at a time, each
 * end consumed by an agent of its own.
 */
final class ShmLaneFactory implements LaneFactory
{
    static final ShmLaneFactory INSTANCE = new ShmLaneFactory();

    private ShmLaneFactory()
    {
    }

    @Override
    public Lane kind()
    {
        return Lane.SHM;
    }

    @Override
    public LaneServer serve(final LaneSpec spec, final FrameHandler handler, final ErrorHandler errorHandler)
    {
        return ShmLaneServer.serve(spec, handler, errorHandler);
    }

    @Override
    public LaneClient connect(final LaneAddress address, final FrameHandler handler, final ErrorHandler errorHandler)
    {
        return ShmLaneClient.connect(address.checkKind(Lane.SHM), handler, errorHandler);
    }
}
