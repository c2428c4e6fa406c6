package io.rtt.engine.scan.internal;

import io.rtt.engine.json.LocatedTree;
import io.rtt.engine.json.Json;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses a manifest as JSON, YAML or TOML, or records why it could not be parsed (file, line, parser message) and
 * answers {@code null} so the cataloger moves on.
 */
final class Documents
{
    private static final YAMLMapper YAML = new YAMLMapper();

    private Documents()
    {
    }

    static LocatedTree json(final ManifestFile file, final Findings findings)
    {
        return located(Json.MAPPER, file, findings);
    }

    static LocatedTree yaml(final ManifestFile file, final Findings findings)
    {
        return located(YAML, file, findings);
    }

    static TomlDocument toml(final ManifestFile file, final Findings findings)
    {
        try
        {
            return TomlDocument.parse(file);
        }
        catch (final LocatedTree.ParseFailure ex)
        {
            malformed(file, findings, ex);
            return null;
        }
    }

    private static LocatedTree located(final ObjectMapper mapper, final ManifestFile file, final Findings findings)
    {
        try
        {
            return LocatedTree.parse(mapper, file.bytes());
        }
        catch (final LocatedTree.ParseFailure ex)
        {
            malformed(file, findings, ex);
            return null;
        }
    }

    static void malformed(final ManifestFile file, final Findings findings, final LocatedTree.ParseFailure ex)
    {
        findings.error(file.relativePath(), ex.line(), "malformed " + file.fileName() + ": " + ex.getMessage());
    }
}
