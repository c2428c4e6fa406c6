/**
 * Fabric: the data plane. Frames, and the lanes that carry them between processes.
 */
package io.rtt.engine.fabric;
