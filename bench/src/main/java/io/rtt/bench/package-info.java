/**
 * Benchmarks: each lane measured across processes against its named baseline in the same run, with medians and
 * ratios against the goals.
 */
package io.rtt.bench;
