/**
 * Doctor internals: one version scheme per ecosystem, and the line-level editors that rewrite version strings.
 */
package io.rtt.engine.deps.internal;
