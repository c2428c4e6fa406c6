/**
 * Generated connectors ({@code rtt gen}): for each committed route, a small typed client in the calling component's
 * language (Java, Python, Node, Go) that speaks the route driver's request format over the RTT client library, written
 * deterministically and keeping the hand edits inside its {@code rtt:keep} regions.
 */
@NullMarked
package io.rtt.engine.gen;

import org.jspecify.annotations.NullMarked;
