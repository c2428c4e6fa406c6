package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.rtt.engine.Workspace;
import io.rtt.engine.model.Lane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaneDirectoryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepLanesInTheWorkspaceWhenTheirPathsFit() throws Exception
    {
        final LaneDirectory lanes = LaneDirectory.of(Workspace.open(dir));
        assertEquals(dir.toRealPath().resolve(".rtt/lanes"), lanes.laneDir());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lanes.laneDir())));
    }

    @Test
    void shouldRefuseALaneDirectoryOthersMayWriteIn() throws Exception
    {
        final Path lanes = Files.createDirectories(dir.resolve(".rtt/lanes"));
        Files.setPosixFilePermissions(lanes, PosixFilePermissions.fromString("rwxrwxrwx"));
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> LaneDirectory.of(Workspace.open(dir)).laneDir());
        assertTrue(ex.getMessage().contains("writable by nobody else"), ex.getMessage());
    }

    @Test
    void shouldMoveLanesOfADeepWorkspaceUnderTheTemporaryDirectory() throws Exception
    {
        final Path deep = Files.createDirectories(dir.resolve("a".repeat(60)).resolve("b".repeat(40)));
        final LaneDirectory lanes = LaneDirectory.of(Workspace.open(deep));
        final Path laneDir = lanes.laneDir();
        assertTrue(laneDir.startsWith(Path.of(System.getProperty("java.io.tmpdir"))), laneDir.toString());
        assertTrue((laneDir + "/r2147483647.sock").getBytes(StandardCharsets.UTF_8).length <= 107);
        assertEquals(laneDir, LaneDirectory.of(Workspace.open(deep)).laneDir(), "the same place every time");
        try (UdsLane lane = UdsLane.serve(laneDir.resolve("r" + Integer.MAX_VALUE + ".sock"), (b, o, l, r) -> {}))
        {
            assertTrue(Files.exists(lane.path()));
        }
        Files.delete(laneDir); // empty again: the lane removed its socket
    }

    @Test
    void shouldPublishFindAndUnpublishRoutes() throws Exception
    {
        final LaneDirectory lanes = LaneDirectory.of(Workspace.open(dir));
        assertEquals(List.of(), lanes.published());
        lanes.publish(List.of(new LaneAddress("b->c", 2, Lane.SHM, "/x/r2"), new LaneAddress("a->b", 1, Lane.UDS,
            "/x/r1.sock")));
        assertEquals("a->b", lanes.published().get(0).route(), "sorted by route");
        assertEquals(Lane.SHM, lanes.find("b->c").lane());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> lanes.find("z->y"));
        assertEquals("route z->y is not served; served routes: a->b, b->c", ex.getMessage());
        lanes.unpublish();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lanes.find("a->b")).getMessage()
            .endsWith("is `rtt serve` running on this workspace?"));
    }

    @Test
    void shouldNumberRoutesStablyAndPositively()
    {
        assertEquals(LaneDirectory.routeNumber("api->catalog"), LaneDirectory.routeNumber("api->catalog"));
        assertEquals(1551225937, LaneDirectory.routeNumber("api->catalog"));
        assertTrue(LaneDirectory.routeNumber("") > 0);
    }
}
