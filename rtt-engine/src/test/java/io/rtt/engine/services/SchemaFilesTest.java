package io.rtt.engine.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.rtt.engine.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFilesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldFindSqlUnderDbMigrationsAndComposeInitdbMountsInPathOrder() throws IOException
    {
        final Path root = Files.createDirectories(dir.resolve("repo"));
        write(root.resolve("migrations/002_orders.sql"));
        write(root.resolve("migrations/001_users.sql"));
        write(root.resolve("db/schema.sql"));
        write(root.resolve("db/README.md"));
        write(root.resolve("docker/init/01-roles.sql"));
        write(root.resolve("seed/extra.sql"));
        write(dir.resolve("outside.sql"));
        Files.createSymbolicLink(root.resolve("db/linked.sql"), dir.resolve("outside.sql"));
        Files.writeString(root.resolve("compose.yaml"), """
            services:
              db:
                image: postgres:16
                volumes:
                  - ./docker/init:/docker-entrypoint-initdb.d:ro
                  - "./seed/extra.sql:/docker-entrypoint-initdb.d/99-extra.sql"
                  - ../outside.sql:/docker-entrypoint-initdb.d/00.sql
                  - pgdata:/var/lib/postgresql/data
            """);
        final Path real = root.toRealPath();

        assertEquals(List.of(real.resolve("db/schema.sql"), real.resolve("docker/init/01-roles.sql"),
            real.resolve("migrations/001_users.sql"), real.resolve("migrations/002_orders.sql"),
            real.resolve("seed/extra.sql")), SchemaFiles.find(Workspace.open(root)));
    }

    @Test
    void shouldFindNothingInAWorkspaceWithoutSchemaFiles() throws IOException
    {
        assertEquals(List.of(), SchemaFiles.find(Workspace.open(dir)));
    }

    private static void write(final Path file) throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "select 1;\n");
    }
}
