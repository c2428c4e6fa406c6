/**
 * File-system helpers every capability shares: atomic, durable replacement of a file.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.fs;

import org.jspecify.annotations.NullMarked;
