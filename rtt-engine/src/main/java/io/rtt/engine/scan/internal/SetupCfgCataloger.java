package io.rtt.engine.scan.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Dependency;

/**
 * Reads setuptools' {@code setup.cfg}: {@code [metadata] name}, {@code [options] install_requires},
 * {@code [options.extras_require]} and console scripts, with INI continuation lines.
 */
public final class SetupCfgCataloger implements Cataloger
{
    private static final Pattern SECTION = Pattern.compile("^\\[([^\\]]+)\\]\\s*$");
    private static final Pattern KEY = Pattern.compile("^([A-Za-z0-9_.-]+)\\s*[=:]\\s*(.*)$");

    @Override
    public boolean accepts(final String fileName)
    {
        return "setup.cfg".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final String[] lines = file.text().split("\r?\n", -1);
        String section = "";
        String key = "";
        String name = null;
        boolean scripts = false;
        for (int i = 0; i < lines.length; i++)
        {
            final String raw = lines[i];
            final String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))
            {
                continue;
            }
            final Matcher sectionMatcher = SECTION.matcher(line);
            if (sectionMatcher.matches())
            {
                section = sectionMatcher.group(1).trim();
                key = "";
                scripts |= "options.entry_points".equals(section);
                continue;
            }
            final boolean continuation = Character.isWhitespace(raw.charAt(0));
            String value = line;
            if (!continuation)
            {
                final Matcher keyMatcher = KEY.matcher(line);
                if (!keyMatcher.matches())
                {
                    findings.error(file.relativePath(), i + 1, "not a key = value line: " + line);
                    continue;
                }
                key = keyMatcher.group(1);
                value = keyMatcher.group(2).trim();
                if ("metadata".equals(section) && "name".equals(key))
                {
                    name = value;
                }
            }
            final boolean requires = "options".equals(section) && "install_requires".equals(key);
            final boolean extras = "options.extras_require".equals(section);
            if ((requires || extras) && !value.isEmpty())
            {
                final Pep508.Requirement requirement = Pep508.parse(value);
                if (requirement == null)
                {
                    findings.error(file.relativePath(), i + 1, "not a PEP 508 requirement: " + value);
                    continue;
                }
                findings.add(new Dependency("pypi", requirement.name(), requirement.range(),
                    requires ? "prod" : "optional", file.relativePath(), i + 1));
            }
        }
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "python", name,
            scripts || RequirementsCataloger.hasPythonEntryPoint(file), 2));
    }
}
