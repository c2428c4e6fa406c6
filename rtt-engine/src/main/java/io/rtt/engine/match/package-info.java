/**
 * Symbol matching: which component a reference the scan found (a host, a variable's name, a declared name, a client
 * library) means, ranked with scores and reasons, behind the {@link io.rtt.engine.match.SymbolMatcher} seam.
 */
package io.rtt.engine.match;
