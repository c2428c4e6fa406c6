/**
 * Fabric: the data plane. Frames, and the lanes that carry them between processes: both ends of each lane kind behind
 * {@link io.rtt.engine.fabric.LaneServer} and {@link io.rtt.engine.fabric.LaneClient}, made by
 * {@link io.rtt.engine.fabric.LaneFactory#of}.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.fabric;

import org.jspecify.annotations.NullMarked;
