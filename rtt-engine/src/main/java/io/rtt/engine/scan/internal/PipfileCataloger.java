package io.rtt.engine.scan.internal;

import java.util.Map;

import io.rtt.engine.model.Dependency;
import tools.jackson.databind.JsonNode;

/**
 * Reads Pipenv's {@code Pipfile}: {@code [packages]} and {@code [dev-packages]}.
 */
public final class PipfileCataloger implements Cataloger
{
    @Override
    public boolean accepts(final String fileName)
    {
        return "Pipfile".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final TomlDocument doc = Documents.toml(file, findings);
        if (doc == null)
        {
            return;
        }
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "python", null,
            RequirementsCataloger.hasPythonEntryPoint(file), 2));
        for (final Map.Entry<String, String> table : Map.of("packages", "prod", "dev-packages", "dev").entrySet())
        {
            for (final Map.Entry<String, JsonNode> dep : doc.tree().path(table.getKey()).properties())
            {
                final JsonNode value = dep.getValue();
                final String range = value.isString() ? value.stringValue() : value.path("version").asString("");
                findings.add(new Dependency("pypi", Pep503.normalize(dep.getKey()), "*".equals(range) ? "" : range,
                    table.getValue(), file.relativePath(), doc.line(table.getKey(), dep.getKey())));
            }
        }
    }
}
