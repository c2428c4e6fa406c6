/**
 * WAL: the append-only, hash-chained log of applied plans under {@code .rtt/wal/}, and its RFC 6962 Merkle tree.
 */
package io.rtt.engine.wal;
