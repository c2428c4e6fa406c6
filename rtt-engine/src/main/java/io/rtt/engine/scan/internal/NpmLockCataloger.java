package io.rtt.engine.scan.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rtt.engine.json.Json;
import io.rtt.engine.json.LocatedTree;
import io.rtt.engine.model.Dependency;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads npm's {@code package-lock.json} (lockfile versions 1 to 3): every resolved package with its exact
 * version, as {@code locked} dependencies.
 * <p>
 * Lockfiles run to tens of megabytes, so the document is read token by token and never held as a tree: of each entry
 * of {@code packages} (versions 2 and 3) or, without it, of the top-level {@code dependencies} (version 1), only the
 * name, version and link are kept, and everything else is skipped unread. What it finds is what a tree reading finds:
 * a repeated name counts once with its last value at the line of its first, and a document that does not parse gives
 * one diagnostic and no dependencies.
 */
public final class NpmLockCataloger implements Cataloger
{
    private static final String NODE_MODULES = "node_modules/";
    /**
     * The engine's JSON syntax without interning property names: a lockfile's package keys are all distinct, and
     * interning them costs more allocation than reading the whole document (about six times the input's size).
     */
    private static final JsonFactory LOCKFILES = JsonFactory.builder()
        .disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
        .build();

    @Override
    public boolean accepts(final String fileName)
    {
        return "package-lock.json".equals(fileName) || "npm-shrinkwrap.json".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final List<Dependency> locked;
        try
        {
            locked = parse(file);
        }
        catch (final LocatedTree.ParseFailure ex)
        {
            Documents.malformed(file, findings, ex);
            return;
        }
        locked.forEach(findings::add);
    }

    private static List<Dependency> parse(final ManifestFile file) throws LocatedTree.ParseFailure
    {
        try (JsonParser parser = LOCKFILES.createParser(ObjectReadContext.empty(), file.bytes()))
        {
            final JsonToken first = parser.nextToken();
            if (first == null)
            {
                return List.of();
            }
            final Section packages = new Section(file, true);
            final Section dependencies = new Section(file, false);
            if (first == JsonToken.START_OBJECT)
            {
                while (parser.nextToken() == JsonToken.PROPERTY_NAME)
                {
                    final String name = parser.currentName();
                    final JsonToken value = parser.nextToken();
                    if ("packages".equals(name))
                    {
                        packages.read(parser, value);
                    }
                    else if ("dependencies".equals(name))
                    {
                        dependencies.read(parser, value);
                    }
                    else
                    {
                        parser.skipChildren();
                    }
                }
            }
            else
            {
                parser.skipChildren();
            }
            if (parser.nextToken() != null)
            {
                throw new LocatedTree.ParseFailure("trailing content after the document",
                    parser.currentTokenLocation().getLineNr(), null);
            }
            return packages.isObject() ? packages.locked() : dependencies.locked();
        }
        catch (final JacksonException ex)
        {
            final int line = ex.getLocation() == null ? 0 : Math.max(0, ex.getLocation().getLineNr());
            throw new LocatedTree.ParseFailure(ex.getOriginalMessage(), line, ex);
        }
    }

    /**
     * One top-level section, {@code packages} or {@code dependencies}: its entries by property name. As in a tree, a
     * section given twice holds its last value, and a name given twice its last value at the line first seen for it.
     */
    private static final class Section
    {
        private final ManifestFile file;
        /** {@code packages} keys are {@code node_modules/} paths, maybe links; {@code dependencies} keys are names. */
        private final boolean paths;
        private final Map<String, Integer> firstLines = new HashMap<>();
        private @Nullable Map<String, Dependency> entries;

        Section(final ManifestFile file, final boolean paths)
        {
            this.file = file;
            this.paths = paths;
        }

        boolean isObject()
        {
            return entries != null;
        }

        List<Dependency> locked()
        {
            return entries == null ? List.of() : new ArrayList<>(entries.values());
        }

        void read(final JsonParser parser, final JsonToken token)
        {
            if (token != JsonToken.START_OBJECT)
            {
                parser.skipChildren();
                entries = null;
                return;
            }
            entries = new HashMap<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME)
            {
                final String key = parser.currentName();
                final JsonToken value = parser.nextToken();
                final Integer seen = firstLines.putIfAbsent(key, parser.currentTokenLocation().getLineNr());
                final int line = seen != null ? seen : firstLines.get(key);
                final Entry entry = Entry.read(parser, value);
                final int at = paths ? key.lastIndexOf(NODE_MODULES) : 0;
                if (at < 0 || paths && entry.link())
                {
                    // the root package and workspace links are not resolved packages
                    entries.remove(key);
                    continue;
                }
                // a lockfile v1 entry is named by its key alone
                final String name = !paths ? key :
                    entry.name() != null ? entry.name() : key.substring(at + NODE_MODULES.length());
                entries.put(key, new Dependency("npm", name, entry.version(), Dependency.LOCKED,
                    file.relativePath(), line));
            }
        }
    }

    /**
     * The fields of one entry that matter, read as a tree's {@code asString}/{@code asBoolean} would read them.
     *
     * @param name    the {@code name} field, or {@code null} if absent or not text.
     * @param version the {@code version} field, or {@code ""}.
     * @param link    the {@code link} field.
     */
    private record Entry(@Nullable String name, String version, boolean link)
    {
        static Entry read(final JsonParser parser, final JsonToken token)
        {
            @Nullable String name = null;
            String version = "";
            boolean link = false;
            if (token != JsonToken.START_OBJECT)
            {
                parser.skipChildren();
                return new Entry(name, version, link);
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME)
            {
                final String field = parser.currentName();
                final JsonToken value = parser.nextToken();
                switch (field)
                {
                    case "name" -> name = text(parser, value, null);
                    case "version" -> version = text(parser, value, "");
                    case "link" -> link = flag(parser, value);
                    default -> parser.skipChildren();
                }
            }
            return new Entry(name, version, link);
        }

        private static @Nullable String text(
            final JsonParser parser, final JsonToken token, final @Nullable String absent)
        {
            if (token == JsonToken.VALUE_STRING)
            {
                return parser.getString();
            }
            if (token.isStructStart())
            {
                parser.skipChildren();
                return absent;
            }
            return LocatedTree.scalar(parser, Json.MAPPER.getNodeFactory(), token).asString(absent);
        }

        private static boolean flag(final JsonParser parser, final JsonToken token)
        {
            if (token.isStructStart())
            {
                parser.skipChildren();
                return false;
            }
            return LocatedTree.scalar(parser, Json.MAPPER.getNodeFactory(), token).asBoolean(false);
        }
    }
}
