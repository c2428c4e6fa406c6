package io.rtt.engine.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity Postgres runs as under a root RTT, and whether it can reach the server's binaries. */
class ServerUserTest
{
    private static final String PASSWD = """
        root:x:0:0:root:/root:/bin/bash
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash
        """;

    @TempDir
    Path dir;

    @Test
    void shouldPreferThePostgresUserWhenTheMachineHasOne() throws Exception
    {
        final Path passwd = Files.writeString(dir.resolve("passwd"), PASSWD);

        assertEquals(new ServerUser("postgres", 101, 104), ServerUser.find(passwd, List.of("postgres", "nobody")));
    }

    @Test
    void shouldFallBackToNobodyOnAFreshMachine() throws Exception
    {
        final Path passwd = Files.writeString(dir.resolve("passwd"), PASSWD.replaceAll("(?m)^postgres:.*\n", "")
            .replace("nobody:x:65534:65534", "nobody:x:99:99"));

        assertEquals(new ServerUser("nobody", 99, 99), ServerUser.find(passwd, List.of("postgres", "nobody")));
        assertEquals(ServerUser.NOBODY, ServerUser.find(dir.resolve("no-passwd"), List.of("postgres", "nobody")));
    }

    @Test
    void shouldRefuseAUserWhoseUidIsRoot() throws Exception
    {
        final Path passwd = Files.writeString(dir.resolve("passwd"), "postgres:x:0:0::/:/bin/sh\n");

        assertEquals(ServerUser.NOBODY, ServerUser.find(passwd, List.of("postgres", "nobody")));
    }

    @Test
    void shouldRunTheChildThroughSetprivWithNoGroups()
    {
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
            ServerUser.NOBODY.prefix(Path.of("/usr/bin/setpriv")));
    }

    @Test
    void shouldNameTheFirstDirectoryOnTheWayThatTheUserCannotSearch() throws Exception
    {
        final Path home = Files.createDirectories(dir.resolve("home"));
        final Path bin = Files.createDirectories(home.resolve("cache/bin"));
        final Path postgres = Files.writeString(bin.resolve("postgres"), "");
        Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));

        assertEquals(home.toRealPath(), ServerUser.NOBODY.blocked(postgres));

        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        assertNull(ServerUser.NOBODY.blocked(postgres));
        assertEquals("0711 uid " + Files.getAttribute(home, "unix:uid") + " gid " +
            Files.getAttribute(home, "unix:gid"), ServerUser.describe(home));
    }
}
