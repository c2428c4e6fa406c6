/**
 * WAL: the append-only, hash-chained log of applied plans under {@code .rtt/wal/}, and its RFC 6962 Merkle tree.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.wal;

import org.jspecify.annotations.NullMarked;
