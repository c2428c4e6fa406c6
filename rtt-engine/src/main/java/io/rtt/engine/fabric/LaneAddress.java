package io.rtt.engine.fabric;

import java.nio.file.Path;
import java.util.Objects;

import io.rtt.engine.model.Lane;

/**
 * Where a served route's lane is, as the panel publishes it for clients.
 *
 * @param route   the route's id, {@code from->to}.
 * @param routeId the route's number in frame headers.
 * @param lane    the lane kind.
 * @param path    the socket of a uds lane; the lane file of a shm lane, without its {@code .lane} suffix.
 */
public record LaneAddress(String route, int routeId, Lane lane, String path)
{
    /**
     * Validates the address.
     */
    public LaneAddress
    {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(path, "path");
    }

    /**
     * Refuses an address of another kind than the lane about to read it: its path would be taken for what it is not.
     *
     * @throws IllegalArgumentException when the kinds differ.
     */
    LaneAddress checkKind(final Lane kind)
    {
        if (lane != kind)
        {
            throw new IllegalArgumentException("route " + route + " is on a " + lane + " lane, not " + kind);
        }
        return this;
    }

    /** The directory a shm lane's files are in. */
    Path shmDirectory()
    {
        return Path.of(path).getParent();
    }

    /** The name a shm lane's files share. */
    String shmName()
    {
        return Path.of(path).getFileName().toString();
    }
}
