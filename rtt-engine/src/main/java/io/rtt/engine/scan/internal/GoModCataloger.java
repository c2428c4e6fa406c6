package io.rtt.engine.scan.internal;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Dependency;

/**
 * Reads Go's {@code go.mod}: the module path and its {@code require} directives, single and in blocks, with
 * {@code // indirect} marking indirect requirements.
 */
public final class GoModCataloger implements Cataloger
{
    private static final Pattern MODULE = Pattern.compile("^module\\s+(\\S+)");
    private static final Pattern REQUIREMENT = Pattern.compile("^(\\S+)\\s+(v\\S+)\\s*(//.*)?$");
    private static final Pattern DIRECTIVE = Pattern.compile(
        "^(module|go|toolchain|require|replace|exclude|retract|godebug|tool|ignore)\\b.*");

    @Override
    public boolean accepts(final String fileName)
    {
        return "go.mod".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final String[] lines = file.text().split("\r?\n", -1);
        String module = null;
        String block = null;
        for (int i = 0; i < lines.length; i++)
        {
            final int lineNumber = i + 1;
            final String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("//"))
            {
                continue;
            }
            if (block != null)
            {
                if (")".equals(line))
                {
                    block = null;
                }
                else if ("require".equals(block))
                {
                    require(file, findings, line, lineNumber);
                }
                continue;
            }
            final Matcher moduleMatcher = MODULE.matcher(line);
            if (moduleMatcher.find())
            {
                module = moduleMatcher.group(1);
            }
            else if (line.endsWith("(") && DIRECTIVE.matcher(line).matches())
            {
                block = line.substring(0, line.length() - 1).trim();
            }
            else if (line.startsWith("require "))
            {
                require(file, findings, line.substring("require ".length()).trim(), lineNumber);
            }
            else if (!DIRECTIVE.matcher(line).matches())
            {
                findings.error(file.relativePath(), lineNumber, "unknown go.mod directive: " + line);
            }
        }
        if (module == null)
        {
            findings.error(file.relativePath(), 0, "go.mod has no module directive");
        }
        final String name = module == null ? null : module.substring(module.lastIndexOf('/') + 1);
        final boolean entryPoint = Files.isRegularFile(file.path().resolveSibling("main.go")) ||
            Files.isDirectory(file.path().resolveSibling("cmd"));
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "go", name, entryPoint, 3));
    }

    private static void require(final ManifestFile file, final Findings findings, final String text, final int line)
    {
        final Matcher matcher = REQUIREMENT.matcher(text);
        if (!matcher.matches())
        {
            findings.error(file.relativePath(), line, "malformed require: " + text);
            return;
        }
        final boolean indirect = matcher.group(3) != null && matcher.group(3).contains("indirect");
        findings.add(new Dependency("go", matcher.group(1), matcher.group(2), indirect ? "indirect" : "prod",
            file.relativePath(), line));
    }
}
