/**
 * Telemetry: per-route counters and latency histograms, recorded without allocation on the hot path, and their
 * Prometheus text exposition.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.telemetry;

import org.jspecify.annotations.NullMarked;
