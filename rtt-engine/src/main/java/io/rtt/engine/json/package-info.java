/**
 * Canonical JSON (RFC 8785) and {@code sha256:} digests, in one place.
 */
package io.rtt.engine.json;
