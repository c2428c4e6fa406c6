package io.rtt.engine.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.rtt.engine.Engine;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.Evidence;
import io.rtt.engine.model.SymbolIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which component a file belongs to: a service and the directory it builds are one component, and the files at the
 * workspace root are the workspace's unless something builds the root (issue 14).
 */
class ComponentAssemblyTest
{
    private static final String ACCOUNTING_DOCKERFILE = "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\n" +
        "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nEXPOSE 8080\nENTRYPOINT [\"dotnet\", \"Accounting.dll\"]\n";

    @TempDir
    Path dir;

    /** The merge rules: {@code build:} as a string, as a context with a dockerfile, and as a Dockerfile's path. */
    @ParameterizedTest(name = "build: {0}")
    @ValueSource(strings = {
        "./src/accounting",
        "{context: ./src/accounting, dockerfile: Dockerfile}",
        "{context: ./, dockerfile: \"${ACCOUNTING_DOCKERFILE}\"}"})
    void shouldMergeAServiceWithTheDirectoryItBuilds(final String build) throws IOException
    {
        write("package.json", "{\"devDependencies\": {\"markdownlint-cli\": \"0.41.0\"}}");
        write(".env", "ACCOUNTING_DOCKERFILE=./src/accounting/Dockerfile\n");
        write("compose.yaml", "services:\n  accounting:\n    build: " + build + "\n");
        write("src/accounting/Accounting.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n</Project>\n");
        write("src/accounting/Dockerfile", ACCOUNTING_DOCKERFILE);

        final SymbolIndex index = scan();

        assertEquals(List.of("accounting"), index.components().stream().map(Component::id).toList());
        final Component accounting = index.components().get(0);
        assertEquals("src/accounting", accounting.path());
        assertEquals("csharp", accounting.language());
        assertEquals(ComponentKind.SERVICE, accounting.kind());
        assertTrue(accounting.evidence().containsAll(List.of(
            new Evidence("compose.yaml", 3, "compose service accounting"),
            new Evidence("src/accounting/Accounting.csproj", 0, "manifest src/accounting/Accounting.csproj"),
            new Evidence("src/accounting/Dockerfile", 2, "FROM mcr.microsoft.com/dotnet/aspnet:8.0"))),
            accounting.evidence()::toString);
    }

    @Test
    void shouldKeepRootManifestAndDotEnvWithTheWorkspaceWhenNothingBuildsTheRoot() throws IOException
    {
        write("package.json", "{\"devDependencies\": {\"markdownlint-cli\": \"0.41.0\"}}");
        write(".env", "CART_ADDR=cart:7070\nFLAGD_HOST=flagd\nACCOUNTING_DOCKERFILE=./src/accounting/Dockerfile\n");
        write("compose.yaml", String.join("\n",
            "services:",
            "  accounting:",
            "    build:",
            "      context: ./",
            "      dockerfile: ${ACCOUNTING_DOCKERFILE}",
            "  cart:",
            "    build: ./src/cart",
            "  flagd:",
            "    image: ghcr.io/open-feature/flagd:v0.11.1",
            ""));
        write("src/accounting/Accounting.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n</Project>\n");
        write("src/accounting/Dockerfile", ACCOUNTING_DOCKERFILE);
        write("src/cart/go.mod", "module example.com/cart\n\ngo 1.22\n");
        write("src/cart/main.go", "package main\n");

        final SymbolIndex index = scan();

        assertEquals(List.of("accounting", "cart", "flagd"), index.components().stream().map(Component::id).toList());
        assertEquals(List.of(), index.edges(), "the root .env names cart and flagd, but no service reads it");
        assertTrue(index.components().stream().flatMap(c -> c.evidence().stream())
            .noneMatch(e -> e.file().equals(".env") || e.file().equals("package.json")));
        assertEquals(List.of(new Diagnostic("package.json", 0, Diagnostic.INFO, "the workspace root is no component " +
            "(no build context or Dockerfile builds it, and other directories hold the code): .env, package.json " +
            "belong to the workspace")), index.diagnostics());
        assertTrue(index.dependencies().contains(
            new Dependency("npm", "markdownlint-cli", "0.41.0", "dev", "package.json", 1)), "the doctor still sees it");
    }

    @Test
    void shouldLetEveryServiceBuiltFromTheRootOwnTheRootFiles() throws IOException
    {
        write("package.json", "{\"name\": \"shop\", \"scripts\": {\"start\": \"node server.js\"},\n" +
            " \"dependencies\": {\"pg\": \"^8.12.0\"}}");
        write(".env", "REDIS_URL=redis://cache:6379/0\n");
        write("compose.yaml", String.join("\n",
            "services:",
            "  web:",
            "    build: .",
            "  worker:",
            "    build: .",
            "  db:",
            "    image: postgres:16",
            "  cache:",
            "    image: redis:7",
            ""));
        write("tools/lint/package.json", "{\"name\": \"lint-rules\"}");

        final SymbolIndex index = scan();

        assertEquals(Set.of("web->cache", "web->db", "worker->cache", "worker->db"),
            index.edges().stream().map(e -> e.from() + "->" + e.to()).collect(Collectors.toSet()));
        for (final String id : List.of("web", "worker"))
        {
            final Component component = component(index, id);
            assertEquals(".", component.path());
            assertEquals(id, component.name(), "no service is more the package's than the other");
            assertTrue(component.endpoints().stream().anyMatch(e -> e.evidence().equals(
                new Evidence(".env", 1, "REDIS_URL=redis://cache:6379/0"))), component.endpoints()::toString);
        }
        assertEquals(List.of(), index.diagnostics());
    }

    @Test
    void shouldKeepTheRootAComponentWhenItIsTheOnlyCode() throws IOException
    {
        write("package.json", "{\"name\": \"app\", \"scripts\": {\"start\": \"node server.js\"}}");
        write(".env", "DATABASE_URL=postgres://db:5432/app\n");
        write("compose.yaml", "services:\n  db:\n    image: postgres:16\n");

        final SymbolIndex index = scan();

        assertEquals(List.of(dir.getFileName() + "->db"),
            index.edges().stream().map(e -> e.from() + "->" + e.to()).toList());
        assertEquals(".", component(index, dir.getFileName().toString()).path());
    }

    private SymbolIndex scan()
    {
        return Engine.open(dir).scan(null, true, ScanListener.NONE).index();
    }

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Component component(final SymbolIndex index, final String id)
    {
        return index.components().stream().filter(c -> c.id().equals(id)).findFirst()
            .orElseThrow(() -> new AssertionError("no component " + id + " in " +
                index.components().stream().map(Component::id).toList()));
    }
}
