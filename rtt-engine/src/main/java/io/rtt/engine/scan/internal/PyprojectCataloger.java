package io.rtt.engine.scan.internal;

import java.util.Map;

import io.rtt.engine.model.Dependency;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code pyproject.toml}: PEP 621 {@code [project]} dependencies and optional dependencies, and Poetry's
 * {@code [tool.poetry.*dependencies]} tables.
 */
public final class PyprojectCataloger implements Cataloger
{
    @Override
    public boolean accepts(final String fileName)
    {
        return "pyproject.toml".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final TomlDocument doc = Documents.toml(file, findings);
        if (doc == null)
        {
            return;
        }
        final JsonNode project = doc.tree().path("project");
        final JsonNode poetry = doc.tree().path("tool").path("poetry");
        final String name = project.path("name").isString() ? project.path("name").stringValue() :
            poetry.path("name").isString() ? poetry.path("name").stringValue() : null;
        final boolean entryPoint = project.has("scripts") || poetry.has("scripts") ||
            RequirementsCataloger.hasPythonEntryPoint(file);
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "python", name, entryPoint, 1));

        readPep508List(file, doc, project.path("dependencies"), "project", "prod", findings);
        for (final Map.Entry<String, JsonNode> extra : project.path("optional-dependencies").properties())
        {
            readPep508List(file, doc, extra.getValue(), "project.optional-dependencies", "optional", findings);
        }
        readPoetryTable(file, doc, poetry.path("dependencies"), "tool.poetry.dependencies", "prod", findings);
        readPoetryTable(file, doc, poetry.path("dev-dependencies"), "tool.poetry.dev-dependencies", "dev", findings);
        for (final Map.Entry<String, JsonNode> group : poetry.path("group").properties())
        {
            readPoetryTable(file, doc, group.getValue().path("dependencies"),
                "tool.poetry.group." + group.getKey() + ".dependencies", "dev", findings);
        }
    }

    private static void readPep508List(
        final ManifestFile file,
        final TomlDocument doc,
        final JsonNode list,
        final String table,
        final String scope,
        final Findings findings)
    {
        for (final JsonNode item : list)
        {
            if (!item.isString())
            {
                findings.error(file.relativePath(), doc.line(table, "dependencies"), "dependency is not a string");
                continue;
            }
            final Pep508.Requirement requirement = Pep508.parse(item.stringValue());
            final int line = doc.line(table, item.stringValue());
            if (requirement == null)
            {
                findings.error(file.relativePath(), line, "not a PEP 508 requirement: " + item.stringValue());
                continue;
            }
            findings.add(new Dependency("pypi", requirement.name(), requirement.range(), scope, file.relativePath(),
                line));
        }
    }

    private static void readPoetryTable(
        final ManifestFile file,
        final TomlDocument doc,
        final JsonNode table,
        final String tableName,
        final String scope,
        final Findings findings)
    {
        for (final Map.Entry<String, JsonNode> dep : table.properties())
        {
            if ("python".equals(dep.getKey()))
            {
                continue; // the interpreter constraint, not a package
            }
            final JsonNode value = dep.getValue();
            final String range = value.isString() ? value.stringValue() : value.path("version").asString("");
            findings.add(new Dependency("pypi", Pep503.normalize(dep.getKey()), range, scope, file.relativePath(),
                doc.line(tableName, dep.getKey())));
        }
    }
}
