package io.rtt.engine.scan.internal;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Dependency;

/**
 * Reads Bundler's {@code Gemfile}: {@code gem "name", "requirement", ...} lines, with {@code group :development}
 * and {@code :test} blocks as dev scope.
 */
public final class GemfileCataloger implements Cataloger
{
    private static final Pattern GEM = Pattern.compile("^\\s*gem\\s+[\"']([^\"']+)[\"']\\s*((?:,\\s*[\"'][^\"']*[\"']\\s*)*)");
    private static final Pattern REQUIREMENT = Pattern.compile("[\"']([^\"']*)[\"']");
    private static final Pattern GROUP = Pattern.compile("^\\s*group\\s+(.*)\\bdo\\s*$");

    @Override
    public boolean accepts(final String fileName)
    {
        return "Gemfile".equals(fileName) || "gems.rb".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final String[] lines = file.text().split("\r?\n", -1);
        String group = null;
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i];
            final Matcher groupMatcher = GROUP.matcher(line);
            if (groupMatcher.matches())
            {
                group = groupMatcher.group(1);
                continue;
            }
            if (group != null && line.trim().equals("end"))
            {
                group = null;
                continue;
            }
            final Matcher gem = GEM.matcher(line);
            if (gem.find())
            {
                final List<String> requirements = new ArrayList<>();
                final Matcher requirement = REQUIREMENT.matcher(gem.group(2));
                while (requirement.find())
                {
                    requirements.add(requirement.group(1));
                }
                final String scope = group != null && (group.contains("development") || group.contains("test")) ?
                    "dev" : "prod";
                findings.add(new Dependency("rubygems", gem.group(1), String.join(", ", requirements), scope,
                    file.relativePath(), i + 1));
            }
        }
        final boolean runs = Files.isRegularFile(file.path().resolveSibling("config.ru")) ||
            Files.isDirectory(file.path().resolveSibling("bin"));
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "ruby", null, runs, 3));
    }
}
