package io.rtt.engine.scan.internal;

import io.rtt.engine.json.LocatedTree;
import java.util.Map;

import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Evidence;
import io.rtt.engine.scan.WorkspaceMembership;
import tools.jackson.databind.JsonNode;

/**
 * Reads pnpm's {@code pnpm-workspace.yaml} (workspace package globs, as evidence on the root) and
 * {@code pnpm-lock.yaml} (each importer's direct dependencies with their resolved versions, as {@code locked}).
 */
public final class PnpmCataloger implements Cataloger
{
    @Override
    public boolean accepts(final String fileName)
    {
        return "pnpm-workspace.yaml".equals(fileName) || "pnpm-lock.yaml".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final LocatedTree doc = Documents.yaml(file, findings);
        if (doc == null)
        {
            return;
        }
        if ("pnpm-workspace.yaml".equals(file.fileName()))
        {
            final JsonNode packages = doc.tree().path("packages");
            for (int i = 0; i < packages.size(); i++)
            {
                findings.add(new DirectoryFact(file.directory(), null, new Evidence(file.relativePath(),
                    doc.line("/packages/" + i), WorkspaceMembership.describe(packages.get(i).asString())), false));
            }
            for (final Map.Entry<String, JsonNode> dep : doc.tree().path("overrides").properties())
            {
                if (dep.getValue().isValueNode())
                {
                    findings.add(new Dependency("npm", dep.getKey(), dep.getValue().asString(), "pnpmOverrides",
                        file.relativePath(), doc.line("/overrides/" + LocatedTree.segment(dep.getKey()))));
                }
            }
            return;
        }
        for (final Map.Entry<String, JsonNode> importer : doc.tree().path("importers").properties())
        {
            for (final String type : new String[] {"dependencies", "devDependencies", "optionalDependencies"})
            {
                for (final Map.Entry<String, JsonNode> dep : importer.getValue().path(type).properties())
                {
                    final JsonNode value = dep.getValue();
                    final String version = value.isObject() ? value.path("version").asString("") : value.asString();
                    findings.add(new Dependency("npm", dep.getKey(), version.replaceFirst("\\(.*$", ""),
                        Dependency.LOCKED, file.relativePath(),
                        doc.line("/importers/" + LocatedTree.segment(importer.getKey()) + "/" + type + "/" +
                            LocatedTree.segment(dep.getKey()))));
                }
            }
        }
    }
}
