/**
 * File-system helpers every capability shares: atomic, durable replacement of a file, reads bounded to regular files
 * of a format's size, and OS file locks.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.fs;

import org.jspecify.annotations.NullMarked;
