package io.rtt.drivers.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The addresses the postgres driver reads: TCP URLs, libpq's socket form, socket paths; and that a password never
 * shows in the target's words.
 */
class PostgresTargetTest
{
    @Test
    void shouldReadATcpUrlWithItsPasswordKeptOutOfItsWords()
    {
        final PostgresTarget target = PostgresTarget.of(URI.create("postgres://shop:s%40cret@db.local:6543/shop" +
            "?sslmode=disable"), Map.of());
        assertEquals("jdbc:postgresql://db.local:6543/shop", target.jdbcUrl());
        assertEquals("shop", target.user());
        assertEquals("s@cret", target.password());
        assertEquals("disable", target.properties().getProperty("sslmode"));
        assertNull(target.socketPath());
        assertEquals("postgresql://shop@db.local:6543/shop", target.toString());
    }

    @Test
    void shouldDefaultThePortTheDatabaseAndThePasswordFromPgpassword()
    {
        final PostgresTarget target = PostgresTarget.of(URI.create("postgresql://app@127.0.0.1"),
            Map.of("PGPASSWORD", "pw"));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/app", target.jdbcUrl());
        assertEquals("pw", target.properties().getProperty("password"));
    }

    @Test
    void shouldReadLibpqsSocketFormAndASocketPath()
    {
        final PostgresTarget libpq = PostgresTarget.of(URI.create("postgresql://rtt@:5433/rtt?host=/run/postgresql"),
            Map.of());
        assertEquals(Path.of("/run/postgresql/.s.PGSQL.5433"), libpq.socketPath());
        assertEquals(UnixSocketFactory.class.getName(), libpq.properties().getProperty("socketFactory"));
        assertEquals("/run/postgresql/.s.PGSQL.5433", libpq.properties().getProperty("socketFactoryArg"));
        final PostgresTarget path = PostgresTarget.of(URI.create("/run/postgresql/.s.PGSQL.5432"), Map.of());
        assertEquals(Path.of("/run/postgresql/.s.PGSQL.5432"), path.socketPath());
        assertEquals("postgres", path.user());
    }

    @Test
    void shouldRefuseAnotherSchemeWithoutShowingItsPassword()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PostgresTarget.of(URI.create("mysql://root:hunter2@db/x"), Map.of()));
        assertEquals("a postgres endpoint is postgresql://user@host:port/database or a Unix socket path, not " +
            "mysql://root:***@db/x", ex.getMessage());
    }
}
