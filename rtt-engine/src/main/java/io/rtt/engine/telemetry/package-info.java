/**
 * Telemetry: per-route counters and latency histograms, recorded without allocation on the hot path, and their
 * Prometheus text exposition.
 */
package io.rtt.engine.telemetry;
