/**
 * Verify: whether the committed wiring holds now. Invariants (the log and its signatures re-verify, the head's graph
 * is stored, the panel follows the head, every route with a driver answers a probe, breakers are closed) and each
 * route's objectives judged on a recent window of its live metrics; every failure names the route, the number and
 * the bound.
 */
@NullMarked
package io.rtt.engine.verify;

import org.jspecify.annotations.NullMarked;
