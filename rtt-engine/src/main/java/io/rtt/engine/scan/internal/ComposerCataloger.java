package io.rtt.engine.scan.internal;

import io.rtt.engine.json.LocatedTree;
import java.nio.file.Files;
import java.util.Map;

import io.rtt.engine.model.Dependency;
import tools.jackson.databind.JsonNode;

/**
 * Reads PHP Composer's {@code composer.json}: {@code require} and {@code require-dev}, without the {@code php}
 * platform and {@code ext-*} extension requirements.
 */
public final class ComposerCataloger implements Cataloger
{
    @Override
    public boolean accepts(final String fileName)
    {
        return "composer.json".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final LocatedTree doc = Documents.json(file, findings);
        if (doc == null)
        {
            return;
        }
        for (final Map.Entry<String, String> section : Map.of("require", "prod", "require-dev", "dev").entrySet())
        {
            for (final Map.Entry<String, JsonNode> dep : doc.tree().path(section.getKey()).properties())
            {
                final String name = dep.getKey();
                if ("php".equals(name) || name.startsWith("ext-") || name.startsWith("lib-"))
                {
                    continue;
                }
                findings.add(new Dependency("packagist", name, dep.getValue().asString(""), section.getValue(),
                    file.relativePath(), doc.line("/" + section.getKey() + "/" + LocatedTree.segment(name))));
            }
        }
        final String name = doc.tree().path("name").isString() ? doc.tree().path("name").stringValue() : null;
        final boolean runs = Files.isRegularFile(file.path().resolveSibling("public").resolve("index.php")) ||
            Files.isRegularFile(file.path().resolveSibling("artisan")) || doc.tree().has("bin");
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "php", name, runs, 3));
    }
}
