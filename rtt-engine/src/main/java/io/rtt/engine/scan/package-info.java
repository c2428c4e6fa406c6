/**
 * Scan: walk the workspace honouring .gitignore and catalog manifests into the symbol index.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.scan;

import org.jspecify.annotations.NullMarked;
