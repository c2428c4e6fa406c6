/**
 * The {@code rtt} executable: CLI entry point and build metadata.
 */
package io.rtt.server;
