package io.rtt.engine.scan.internal;

import java.util.Arrays;

/**
 * Reads {@code .env} files (and {@code .env.*} variants such as {@code .env.example}): each variable becomes an
 * endpoint of the component that owns the directory.
 */
public final class DotEnvCataloger implements Cataloger
{
    @Override
    public boolean accepts(final String fileName)
    {
        return ".env".equals(fileName) || fileName.startsWith(".env.");
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        for (final EnvVariables.Assignment assignment : EnvVariables.parse(Arrays.asList(file.text().split("\r?\n"))))
        {
            final var endpoint =
                EnvVariables.endpoint(assignment.name(), assignment.value(), file.relativePath(), assignment.line());
            findings.add(new DirectoryFact(file.directory(), endpoint, endpoint.evidence(), false));
        }
    }
}
