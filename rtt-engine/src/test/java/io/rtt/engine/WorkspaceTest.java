package io.rtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest
{
    @TempDir
    Path dir;

    @Test
    void shouldResolvePathInsideWorkspace() throws Exception
    {
        Files.createDirectories(dir.resolve("a/b"));
        final Workspace workspace = Workspace.open(dir);

        assertEquals(workspace.root().resolve("a/b"), workspace.resolveInside("a/./b"));
        assertEquals(workspace.root(), workspace.resolveInside(""));
        assertEquals("a/b", workspace.relativize(workspace.resolveInside("a/b")));
    }

    @Test
    void shouldRefuseDotDotEscape() throws Exception
    {
        final Workspace workspace = Workspace.open(Files.createDirectories(dir.resolve("ws")));

        final RttException ex = assertThrows(RttException.class, () -> workspace.resolveInside("../ws/../.."));
        assertEquals(RttException.Kind.REFUSED, ex.kind());
        assertEquals("path is outside the workspace: ../ws/../.. (workspace root " + workspace.root() + ")",
            ex.getMessage());
    }

    @Test
    void shouldRefuseSymlinkThatLeavesWorkspace() throws Exception
    {
        final Path outside = Files.createDirectories(dir.resolve("outside"));
        final Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createSymbolicLink(ws.resolve("escape"), outside);
        final Workspace workspace = Workspace.open(ws);

        final RttException ex = assertThrows(RttException.class, () -> workspace.resolveInside("escape"));
        assertEquals(RttException.Kind.REFUSED, ex.kind());
    }

    @Test
    void shouldRefuseAbsolutePathOutsideWorkspace() throws Exception
    {
        final Workspace workspace = Workspace.open(Files.createDirectories(dir.resolve("ws")));

        assertEquals(RttException.Kind.REFUSED,
            assertThrows(RttException.class, () -> workspace.resolveInside("/etc")).kind());
    }

    @Test
    void shouldReportMissingPathAsBadInput()
    {
        final RttException ex = assertThrows(RttException.class, () -> Workspace.open(dir).resolveInside("nope"));
        assertEquals(RttException.Kind.BAD_INPUT, ex.kind());
        assertEquals("no such path in workspace: nope", ex.getMessage());
    }

    @Test
    void shouldRefuseAStateDirectoryThatIsASymbolicLinkToAnotherWorkspacesState() throws Exception
    {
        final Path other = Files.createDirectories(dir.resolve("other/.rtt"));
        final Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createSymbolicLink(ws.resolve(".rtt"), other);

        final RttException ex = assertThrows(RttException.class, () -> Workspace.open(ws));

        assertEquals(RttException.Kind.REFUSED, ex.kind());
        assertEquals(ws.toRealPath().resolve(".rtt") + " is a symbolic link; RTT keeps a workspace's keys and log in " +
            "its own .rtt directory only: remove it and run again", ex.getMessage());
    }

    @Test
    void shouldKeepTheStateDirectoryOwnerOnly() throws Exception
    {
        final Path ws = Files.createDirectories(dir.resolve("ws"));
        final Path state = Workspace.open(ws).layout().stateDir();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(state)));

        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Workspace.open(ws);

        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(state)));
    }
}
