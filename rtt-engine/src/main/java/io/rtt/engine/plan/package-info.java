/**
 * Plan: from the index, the policy in rtt.yaml and the WAL head, a deterministic plan of route actions with the
 * lane of each route solved as constraints; and applying a signed plan to the WAL.
 */
package io.rtt.engine.plan;
