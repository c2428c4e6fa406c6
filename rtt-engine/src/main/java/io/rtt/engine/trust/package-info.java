/**
 * Trust: Ed25519 keys (Bouncy Castle), the threshold trust set and its rotation, and signature envelopes of plans.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.trust;

import org.jspecify.annotations.NullMarked;
