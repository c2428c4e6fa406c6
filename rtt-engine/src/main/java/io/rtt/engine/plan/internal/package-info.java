/**
 * Plan internals: the lane-choice constraint model on Choco-solver.
 */
package io.rtt.engine.plan.internal;
