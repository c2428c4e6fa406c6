package io.rtt.drivers.neo4j;

import java.io.IOException;

/**
 * The tests' in-process Neo4j as a process of its own, for {@code rtt bench drivers --neo4j}: no Neo4j can be
 * installed here from a registry, and the harness is the real server. Prints its Bolt URL and password on one line,
 * then serves until its standard input closes. Run by {@code bench/neo4j/bench-drivers-with-neo4j.sh}.
 */
public final class Neo4jBenchServer
{
    private Neo4jBenchServer()
    {
    }

    /**
     * Starts the server and serves until standard input ends.
     *
     * @param args none.
     * @throws IOException when the server cannot start or standard input fails.
     */
    public static void main(final String[] args) throws IOException
    {
        final Neo4jServer server = Neo4jServer.shared();
        System.out.println(server.url() + " " + Neo4jServer.PASSWORD);
        System.out.flush();
        while (System.in.read() >= 0)
        {
            // serves until the bench closes our standard input
        }
        server.stop();
    }
}
