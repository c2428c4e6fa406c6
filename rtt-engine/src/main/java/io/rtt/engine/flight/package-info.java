/**
 * The flight recorder: JDK Flight Recorder events for what RTT does (reconciles, applies, rollbacks, breaker
 * transitions, SLO breaches, verify verdicts), a bounded continuous recording the panel keeps, and its dumps under
 * {@code .rtt/recordings/}.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.flight;

import org.jspecify.annotations.NullMarked;
