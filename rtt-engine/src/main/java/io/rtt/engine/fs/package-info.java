/**
 * File-system helpers every capability shares: atomic, durable replacement of a file.
 */
package io.rtt.engine.fs;
