package io.rtt.engine.scan.internal;

import io.rtt.engine.json.LocatedTree;
import java.util.Map;

import io.rtt.engine.model.Dependency;
import tools.jackson.databind.JsonNode;

/**
 * Reads npm's {@code package-lock.json} (lockfile versions 1 to 3): every resolved package with its exact
 * version, as {@code locked} dependencies.
 */
public final class NpmLockCataloger implements Cataloger
{
    @Override
    public boolean accepts(final String fileName)
    {
        return "package-lock.json".equals(fileName) || "npm-shrinkwrap.json".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final LocatedTree doc = Documents.json(file, findings);
        if (doc == null)
        {
            return;
        }
        final JsonNode packages = doc.tree().path("packages");
        if (packages.isObject())
        {
            for (final Map.Entry<String, JsonNode> entry : packages.properties())
            {
                final String key = entry.getKey();
                final int at = key.lastIndexOf("node_modules/");
                if (at < 0 || entry.getValue().path("link").asBoolean(false))
                {
                    continue; // the root package and workspace links are not resolved packages
                }
                final String name = entry.getValue().path("name").asString(key.substring(at + "node_modules/".length()));
                add(file, findings, name, entry.getValue().path("version").asString(""),
                    doc.line("/packages/" + LocatedTree.segment(key)));
            }
            return;
        }
        for (final Map.Entry<String, JsonNode> entry : doc.tree().path("dependencies").properties())
        {
            add(file, findings, entry.getKey(), entry.getValue().path("version").asString(""),
                doc.line("/dependencies/" + LocatedTree.segment(entry.getKey())));
        }
    }

    private static void add(
        final ManifestFile file, final Findings findings, final String name, final String version, final int line)
    {
        findings.add(new Dependency("npm", name, version, Dependency.LOCKED, file.relativePath(), line));
    }
}
