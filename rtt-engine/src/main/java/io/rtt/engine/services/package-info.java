/**
 * Dev services: throwaway local instances of the datastores a graph names (Postgres, Redis), started from servers
 * installed on the machine, else from real server binaries shipped as Maven artifacts beside RTT's jar, under
 * {@code .rtt/services/}, reachable only over a Unix socket, and stopped with their owner.
 * <p>
 * Every parameter, return value and record component here is non-null unless marked
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.rtt.engine.services;

import org.jspecify.annotations.NullMarked;
