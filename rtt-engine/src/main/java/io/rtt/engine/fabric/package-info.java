/**
 * Fabric: the data plane. Frames, and the lanes that carry them between processes.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.fabric;

import org.jspecify.annotations.NullMarked;
