/**
 * Plan: from the index, the policy in rtt.yaml and the WAL head, a deterministic plan of route actions with the
 * lane of each route solved as constraints; and applying a signed plan to the WAL.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.plan;

import org.jspecify.annotations.NullMarked;
