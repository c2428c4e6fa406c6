package io.rtt.engine.scan.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Dependency;

/**
 * Reads {@code yarn.lock} (classic v1 and Berry): each entry's package name and resolved {@code version}, as
 * {@code locked} dependencies.
 */
public final class YarnLockCataloger implements Cataloger
{
    private static final Pattern VERSION = Pattern.compile("^\\s+version:?\\s+\"?([^\"\\s]+)\"?");

    @Override
    public boolean accepts(final String fileName)
    {
        return "yarn.lock".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final String[] lines = file.text().split("\r?\n", -1);
        String name = null;
        int entryLine = 0;
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i];
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("__metadata"))
            {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0)) && line.endsWith(":"))
            {
                name = packageName(line.substring(0, line.length() - 1).split(",")[0].trim());
                entryLine = i + 1;
                if (name == null)
                {
                    findings.error(file.relativePath(), i + 1, "not a yarn.lock entry: " + line);
                }
                continue;
            }
            final Matcher version = VERSION.matcher(line);
            if (name != null && version.find())
            {
                findings.add(new Dependency("npm", name, version.group(1), Dependency.LOCKED, file.relativePath(),
                    entryLine));
                name = null;
            }
        }
    }

    /** The name in a descriptor such as {@code "@scope/pkg@^1.0.0"} or {@code pkg@npm:^2}. */
    static String packageName(final String descriptor)
    {
        final String text = descriptor.replace("\"", "");
        final int at = text.indexOf('@', text.startsWith("@") ? 1 : 0);
        return at <= 0 ? null : text.substring(0, at);
    }
}
