package io.rtt.drivers.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;

/**
 * How an endpoint's address becomes the Java driver's URI and credentials.
 */
class Neo4jTargetTest
{
    @Test
    void shouldReadBoltAndRoutingUrlsWithTheirDefaults()
    {
        final Neo4jTarget plain = Neo4jTarget.of(URI.create("bolt://127.0.0.1"), null);
        assertEquals(URI.create("bolt://127.0.0.1:7687"), plain.uri());
        assertEquals("neo4j", plain.user());
        assertNull(plain.password());
        assertEquals(AuthTokens.none(), plain.authToken());
        assertEquals("bolt://neo4j@127.0.0.1:7687", plain.toString());

        final Neo4jTarget routed = Neo4jTarget.of(URI.create("neo4j+s://graph@db.local:7688?region=eu"), "s3cret");
        assertEquals(URI.create("neo4j+s://db.local:7688?region=eu"), routed.uri());
        assertEquals(AuthTokens.basic("graph", "s3cret"), routed.authToken());
        assertEquals("neo4j+s://graph@db.local:7688?region=eu", routed.toString());

        assertEquals(URI.create("bolt://127.0.0.1:7687"), Neo4jTarget.of(URI.create("tcp://127.0.0.1:7687"), null)
            .uri(), "rtt.yaml's generic form is Bolt");
    }

    @Test
    void shouldTakeTheAddressesPasswordOverTheSecretAndNeverShowIt()
    {
        final Neo4jTarget target = Neo4jTarget.of(URI.create("bolt://app:p%40ss@127.0.0.1:7687"), "secret");
        assertEquals("p@ss", target.password());
        assertEquals(AuthTokens.basic("app", "p@ss"), target.authToken());
        assertFalse(target.toString().contains("p@ss"), target.toString());
    }

    @Test
    void shouldRefuseASocketOrAnotherSystemsUrlWithoutShowingItsPassword()
    {
        assertEquals("a neo4j endpoint is bolt://user@host:7687 or neo4j://user@host:7687 (Bolt over TCP: the Java " +
            "driver has no Unix-socket transport), not unix:/run/neo4j/neo4j.sock",
            assertThrows(IllegalArgumentException.class,
                () -> Neo4jTarget.of(URI.create("unix:/run/neo4j/neo4j.sock"), null)).getMessage());
        assertEquals("a neo4j endpoint is bolt://user@host:7687 or neo4j://user@host:7687 (Bolt over TCP: the Java " +
            "driver has no Unix-socket transport), not http://neo4j:***@127.0.0.1:7474",
            assertThrows(IllegalArgumentException.class,
                () -> Neo4jTarget.of(URI.create("http://neo4j:hunter2@127.0.0.1:7474"), null)).getMessage());
    }
}
