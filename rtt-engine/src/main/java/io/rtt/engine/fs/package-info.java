/**
 * File-system helpers every capability shares: atomic, durable replacement of a file, and OS file locks.
 */
package io.rtt.engine.fs;
