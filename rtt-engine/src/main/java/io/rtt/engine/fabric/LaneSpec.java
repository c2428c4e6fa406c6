package io.rtt.engine.fabric;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a serving lane is made for: its route, the directory its files go in, and its size.
 *
 * @param route     the route's id, {@code from->to}: in the lane's address and its thread's name.
 * @param routeId   the route's number in frame headers; positive. Lane files are named after it.
 * @param laneDir   the directory the lane's files go in (see {@link LaneDirectory#laneDir()}).
 * @param ringBytes bytes of each ring of a shm lane (see {@link ShmLaneDescriptor#checkCapacity}); other kinds ignore
 *                  it.
 */
public record LaneSpec(String route, int routeId, Path laneDir, int ringBytes)
{
    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException when the route number is not positive.
     */
    public LaneSpec
    {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(laneDir, "laneDir");
        if (routeId <= 0)
        {
            throw new IllegalArgumentException("routeId must be positive: routeId=" + routeId);
        }
    }

    /**
     * The name the lane's files share: {@code r<routeId>}.
     *
     * @return the name.
     */
    public String name()
    {
        return "r" + routeId;
    }
}
