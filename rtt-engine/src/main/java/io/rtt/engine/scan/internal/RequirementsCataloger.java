package io.rtt.engine.scan.internal;

import java.nio.file.Files;
import java.util.List;

import io.rtt.engine.model.Dependency;

/**
 * Reads pip's {@code requirements*.txt}: one PEP 508 requirement per line, with comments, continuations and pip
 * options.
 */
public final class RequirementsCataloger implements Cataloger
{
    /** File names next to a Python manifest that mark it as runnable. */
    static final List<String> PYTHON_ENTRY_POINTS = List.of(
        "main.py", "app.py", "__main__.py", "worker.py", "manage.py", "server.py", "wsgi.py", "asgi.py");

    @Override
    public boolean accepts(final String fileName)
    {
        return fileName.startsWith("requirements") && (fileName.endsWith(".txt") || fileName.endsWith(".in"));
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "python", null,
            hasPythonEntryPoint(file), 2));
        final String scope = file.fileName().contains("dev") || file.fileName().contains("test") ? "dev" : "prod";
        final String[] lines = file.text().split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final int lineNumber = i + 1;
            final StringBuilder logical = new StringBuilder(stripComment(lines[i]));
            while (logical.toString().endsWith("\\") && i + 1 < lines.length)
            {
                logical.setLength(logical.length() - 1);
                logical.append(stripComment(lines[++i]));
            }
            final String text = logical.toString().trim();
            if (text.startsWith("-r ") || text.startsWith("--requirement ") || text.startsWith("-c ") ||
                text.startsWith("--constraint "))
            {
                final String included = text.substring(text.indexOf(' ') + 1).trim();
                final java.nio.file.Path path = file.sibling(included);
                if (path == null)
                {
                    findings.error(file.relativePath(), lineNumber,
                        "included file is not a path inside the workspace: " + included);
                }
                else if (!Files.isRegularFile(path))
                {
                    findings.error(file.relativePath(), lineNumber, "included file does not exist: " + included);
                }
                continue; // the included file is cataloged on its own when the walk reaches it
            }
            if (text.isEmpty() || text.startsWith("-"))
            {
                continue; // other pip options (-e, --index-url) name no package of their own
            }
            final Pep508.Requirement requirement = Pep508.parse(text);
            if (requirement == null)
            {
                findings.error(file.relativePath(), lineNumber, "not a PEP 508 requirement: " + text);
                continue;
            }
            findings.add(new Dependency(
                "pypi", requirement.name(), requirement.range(), scope, file.relativePath(), lineNumber));
        }
    }

    static boolean hasPythonEntryPoint(final ManifestFile file)
    {
        for (final String name : PYTHON_ENTRY_POINTS)
        {
            if (Files.isRegularFile(file.path().resolveSibling(name)))
            {
                return true;
            }
        }
        return false;
    }

    private static String stripComment(final String line)
    {
        final int hash = line.indexOf(" #");
        if (line.startsWith("#"))
        {
            return "";
        }
        return hash >= 0 ? line.substring(0, hash) : line;
    }
}
