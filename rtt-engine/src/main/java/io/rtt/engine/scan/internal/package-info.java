/**
 * Scan internals: the ignore-aware walker, one cataloger per manifest format, and the assembler of components
 * and edges.
 */
package io.rtt.engine.scan.internal;
