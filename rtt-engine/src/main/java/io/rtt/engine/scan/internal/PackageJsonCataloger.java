package io.rtt.engine.scan.internal;

import io.rtt.engine.json.LocatedTree;
import java.nio.file.Files;
import java.util.Map;

import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Evidence;
import io.rtt.engine.scan.WorkspaceMembership;
import tools.jackson.databind.JsonNode;

/**
 * Reads npm's {@code package.json}: the package name, whether it runs (a start script, main or bin), and every
 * dependency type.
 */
public final class PackageJsonCataloger implements Cataloger
{
    private static final Map<String, String> SCOPES = Map.of(
        "dependencies", "prod",
        "devDependencies", "dev",
        "peerDependencies", "peer",
        "optionalDependencies", "optional");

    private static String pointerOf(final JsonNode root, final int index)
    {
        return (root.path("workspaces").isObject() ? "/workspaces/packages/" : "/workspaces/") + index;
    }

    @Override
    public boolean accepts(final String fileName)
    {
        return "package.json".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final LocatedTree doc = Documents.json(file, findings);
        if (doc == null)
        {
            return;
        }
        final JsonNode root = doc.tree();
        if (!root.isObject())
        {
            findings.error(file.relativePath(), 1, "package.json is not a JSON object");
            return;
        }
        final JsonNode scripts = root.path("scripts");
        final boolean entryPoint = scripts.has("start") || scripts.has("serve") || root.has("main") ||
            root.has("bin") || Files.isRegularFile(file.path().resolveSibling("server.js")) ||
            Files.isRegularFile(file.path().resolveSibling("index.js"));
        final boolean typescript = root.path("devDependencies").has("typescript") ||
            root.path("dependencies").has("typescript") ||
            Files.isRegularFile(file.path().resolveSibling("tsconfig.json"));
        final String name = root.path("name").isString() ? root.path("name").stringValue() : null;
        findings.add(new PackageManifest(
            file.directory(), file.relativePath(), typescript ? "typescript" : "javascript", name, entryPoint, 0));

        final JsonNode workspaces = root.path("workspaces").isObject() ? root.path("workspaces").path("packages") :
            root.path("workspaces");
        for (int i = 0; i < workspaces.size(); i++)
        {
            findings.add(new DirectoryFact(file.directory(), null, new Evidence(file.relativePath(),
                doc.line(pointerOf(root, i)), WorkspaceMembership.describe(workspaces.get(i).asString())), false));
        }
        for (final String overrides : new String[] {"overrides", "resolutions"})
        {
            // Flat entries only: nested override objects scope a version to a dependent, not to the workspace.
            for (final Map.Entry<String, JsonNode> dep : root.path(overrides).properties())
            {
                if (dep.getValue().isString())
                {
                    findings.add(new Dependency("npm", dep.getKey(), dep.getValue().stringValue(), overrides,
                        file.relativePath(), doc.line("/" + overrides + "/" + LocatedTree.segment(dep.getKey()))));
                }
            }
        }
        for (final Map.Entry<String, String> type : SCOPES.entrySet())
        {
            final JsonNode deps = root.path(type.getKey());
            if (deps.isMissingNode())
            {
                continue;
            }
            if (!deps.isObject())
            {
                findings.error(file.relativePath(), doc.line("/" + type.getKey()), type.getKey() + " is not an object");
                continue;
            }
            for (final Map.Entry<String, JsonNode> dep : deps.properties())
            {
                final String pointer = "/" + type.getKey() + "/" + LocatedTree.segment(dep.getKey());
                if (!dep.getValue().isString())
                {
                    findings.error(file.relativePath(), doc.line(pointer),
                        "version of " + dep.getKey() + " in " + type.getKey() + " is not a string");
                    continue;
                }
                findings.add(new Dependency("npm", dep.getKey(), dep.getValue().stringValue(), type.getValue(),
                    file.relativePath(), doc.line(pointer)));
            }
        }
    }
}
