package io.rtt.engine.scan.internal;

import io.rtt.engine.json.LocatedTree;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * A parsed TOML document with a line finder. The TOML parser keeps no token positions, so lines are found in the
 * text: the table's header, then the first line of that table that names the key or holds the string.
 */
public final class TomlDocument
{
    private static final TomlMapper MAPPER = new TomlMapper();
    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");

    private final JsonNode tree;
    private final String[] lines;

    private TomlDocument(final JsonNode tree, final String[] lines)
    {
        this.tree = tree;
        this.lines = lines;
    }

    /**
     * Parses a TOML document.
     *
     * @param file the manifest.
     * @return the document.
     * @throws LocatedTree.ParseFailure if the document is malformed.
     */
    public static TomlDocument parse(final ManifestFile file) throws LocatedTree.ParseFailure
    {
        try
        {
            return new TomlDocument(MAPPER.readTree(file.bytes()), file.text().split("\r?\n", -1));
        }
        catch (final JacksonException ex)
        {
            final int line = ex.getLocation() == null ? 0 : Math.max(0, ex.getLocation().getLineNr());
            throw new LocatedTree.ParseFailure(ex.getOriginalMessage(), line, ex);
        }
    }

    /**
     * The document as a tree.
     *
     * @return the root table.
     */
    public JsonNode tree()
    {
        return tree;
    }

    /**
     * The line of a key or string inside a table.
     *
     * @param table  dotted table name, e.g. {@code tool.poetry.dependencies}; {@code ""} for the root table.
     * @param needle the key or string value to find.
     * @return 1-based line, or the table header's line if the needle is not on a line of its own, or 0.
     */
    public int line(final String table, final String needle)
    {
        int start = 0;
        int headerLine = 0;
        if (!table.isEmpty())
        {
            start = -1;
            for (int i = 0; i < lines.length; i++)
            {
                final var matcher = HEADER.matcher(lines[i]);
                if (matcher.matches() && unquote(matcher.group(1)).equals(table))
                {
                    start = i + 1;
                    headerLine = i + 1;
                    break;
                }
            }
            if (start < 0)
            {
                return 0;
            }
        }
        for (int i = start; i < lines.length; i++)
        {
            if (HEADER.matcher(lines[i]).matches())
            {
                break;
            }
            final String line = lines[i].trim();
            if (line.startsWith(needle) || line.startsWith("\"" + needle + "\"") || line.contains("\"" + needle) ||
                line.contains("'" + needle))
            {
                return i + 1;
            }
        }
        return headerLine;
    }

    private static String unquote(final String header)
    {
        return header.replace("\"", "").replace("'", "").replaceAll("\\s*\\.\\s*", ".");
    }
}
