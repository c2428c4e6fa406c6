/**
 * Scan: walk the workspace honouring .gitignore and catalog manifests into the symbol index.
 */
package io.rtt.engine.scan;
