/**
 * Deps: the dependency doctor. Groups declarations of one dependency across manifests, proposes one version per
 * group with each ecosystem's own semantics, and rewrites only the version strings it must.
 */
package io.rtt.engine.deps;
