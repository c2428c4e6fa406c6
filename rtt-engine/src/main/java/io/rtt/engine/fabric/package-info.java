/**
 * Fabric: the data plane. Frames, and the lanes that carry them between processes: both ends of each lane kind behind
 * {@link io.rtt.engine.fabric.LaneServer} and {@link io.rtt.engine.fabric.LaneClient}, made by
 * {@link io.rtt.engine.fabric.LaneFactory#of}.
 */
package io.rtt.engine.fabric;
