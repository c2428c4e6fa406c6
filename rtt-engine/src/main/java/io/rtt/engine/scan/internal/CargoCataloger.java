package io.rtt.engine.scan.internal;

import java.nio.file.Files;
import java.util.Map;

import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Evidence;
import tools.jackson.databind.JsonNode;

/**
 * Reads Rust's {@code Cargo.toml}: the package name, whether it builds a binary, and the
 * {@code [dependencies]}, {@code [dev-dependencies]} and {@code [build-dependencies]} tables.
 */
public final class CargoCataloger implements Cataloger
{
    private static final Map<String, String> SCOPES = Map.of(
        "dependencies", "prod",
        "dev-dependencies", "dev",
        "build-dependencies", "build");

    private static void readWorkspaceOnly(final ManifestFile file, final Findings findings, final TomlDocument doc)
    {
        final JsonNode workspace = doc.tree().path("workspace");
        if (workspace.isMissingNode())
        {
            findings.error(file.relativePath(), 0, "Cargo.toml has neither [package] nor [workspace]");
            return;
        }
        for (final JsonNode member : workspace.path("members"))
        {
            findings.add(new DirectoryFact(file.directory(), null, new Evidence(file.relativePath(),
                doc.line("workspace", member.asString()), "workspace member " + member.asString()), false));
        }
        for (final Map.Entry<String, JsonNode> dep : workspace.path("dependencies").properties())
        {
            final JsonNode value = dep.getValue();
            findings.add(new Dependency("cargo", dep.getKey(),
                value.isString() ? value.stringValue() : value.path("version").asString(""), "workspace",
                file.relativePath(), doc.line("workspace.dependencies", dep.getKey())));
        }
    }

    @Override
    public boolean accepts(final String fileName)
    {
        return "Cargo.toml".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final TomlDocument doc = Documents.toml(file, findings);
        if (doc == null)
        {
            return;
        }
        final JsonNode pkg = doc.tree().path("package");
        if (pkg.isMissingNode())
        {
            // A virtual workspace manifest: members and shared dependencies, no package of its own.
            readWorkspaceOnly(file, findings, doc);
            return;
        }
        final boolean entryPoint = doc.tree().has("bin") ||
            Files.isRegularFile(file.path().resolveSibling("src").resolve("main.rs"));
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "rust",
            pkg.path("name").isString() ? pkg.path("name").stringValue() : null, entryPoint, 4));
        if (doc.tree().has("workspace"))
        {
            readWorkspaceOnly(file, findings, doc);
        }
        for (final Map.Entry<String, String> type : SCOPES.entrySet())
        {
            for (final Map.Entry<String, JsonNode> dep : doc.tree().path(type.getKey()).properties())
            {
                final JsonNode value = dep.getValue();
                final String range = value.isString() ? value.stringValue() : value.path("version").asString("");
                findings.add(new Dependency("cargo", dep.getKey(), range, type.getValue(), file.relativePath(),
                    doc.line(type.getKey(), dep.getKey())));
            }
        }
    }
}
