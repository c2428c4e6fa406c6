/**
 * Deps: the dependency doctor. Groups declarations of one dependency across manifests, proposes one version per
 * group with each ecosystem's own semantics, and rewrites only the version strings it must.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.deps;

import org.jspecify.annotations.NullMarked;
