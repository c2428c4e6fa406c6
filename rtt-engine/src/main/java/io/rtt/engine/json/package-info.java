/**
 * Canonical JSON (RFC 8785) and {@code sha256:} digests, in one place.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.json;

import org.jspecify.annotations.NullMarked;
