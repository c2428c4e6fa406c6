package io.rtt.engine.fabric;

import java.nio.file.Path;

import io.rtt.engine.model.Lane;
import org.agrona.ErrorHandler;
import org.jspecify.annotations.Nullable;

/**
 * Unix-domain socket lanes: a socket {@code <laneDir>/r<routeId>.sock} any number of clients connect to, carried by
 * Netty's epoll event loops.
 */
final class UdsLaneFactory implements LaneFactory
{
    static final UdsLaneFactory INSTANCE = new UdsLaneFactory();

    private UdsLaneFactory()
    {
    }

    @Override
    public Lane kind()
    {
        return Lane.UDS;
    }

    @Override
    public LaneServer serve(final LaneSpec spec, final FrameHandler handler, final ErrorHandler errorHandler)
    {
        final UdsLane lane = UdsLane.serve(spec.laneDir().resolve(spec.name() + ".sock"), spec, handler,
            errorHandler);
        return new Served(new LaneAddress(spec.route(), spec.routeId(), Lane.UDS, lane.path().toString()), lane);
    }

    @Override
    public LaneClient connect(final LaneAddress address, final FrameHandler handler, final ErrorHandler errorHandler)
    {
        return UdsConnection.connect(Path.of(address.checkKind(Lane.UDS).path()), handler, errorHandler);
    }

    /** A uds lane with the address it is published at. */
    private record Served(LaneAddress address, UdsLane lane) implements LaneServer
    {
        @Override
        public @Nullable String failure()
        {
            return lane.failure();
        }

        @Override
        public void close()
        {
            lane.close();
        }
    }
}
