package io.rtt.engine.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rtt.engine.json.Json;
import io.rtt.engine.json.LocatedTree;
import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.scan.internal.Findings;
import io.rtt.engine.scan.internal.ManifestFile;
import io.rtt.engine.scan.internal.NpmLockCataloger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The npm lockfile read as a token stream finds what reading it as a whole-document tree found: the same
 * dependencies at the same lines, the same diagnostic for a document that does not parse, and it copes with a
 * lockfile of tens of thousands of packages.
 */
class NpmLockStreamingTest
{
    private static final NpmLockCataloger CATALOGER = new NpmLockCataloger();

    /** A lockfile v3 with the shapes npm writes and a few it does not, pretty-printed as npm does. */
    private static final String SMALL_V3 = """
        {
          "name": "shop",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "": {
              "name": "shop",
              "dependencies": {"pg": "^8.11.0"}
            },
            "node_modules/pg": {
              "version": "8.11.3",
              "resolved": "https://registry.npmjs.org/pg/-/pg-8.11.3.tgz",
              "integrity": "sha512-+9iuvG8QfaaUrrph+kpF24cXkH1YOOUeArRNYIxq1viYHZagBxrTno7cecY1Fa44tJeZ==",
              "dependencies": {"pg-types": "^2.1.0"}
            },
            "node_modules/@types/node": {"version": "20.1.0", "dev": true},
            "node_modules/pg/node_modules/pg-types": {
              "version": "2.2.0"
            },
            "node_modules/alias": {"name": "real-name", "version": "1.0.0"},
            "node_modules/web": {"resolved": "packages/web", "link": true},
            "node_modules/odd-link": {"link": "true", "version": "0.0.1"},
            "node_modules/numeric": {"version": 1.50},
            "node_modules/nulled": {"version": null, "name": null},
            "node_modules/boxed": {"version": {"major": 1}},
            "node_modules/bare": "1.2.3",
            "node_modules/twice": {"version": "1.0.0"},
            "packages/web": {"version": "0.1.0"},
            "node_modules/twice": {"version": "2.0.0"}
          },
          "dependencies": {
            "ignored-when-packages-is-present": {"version": "9.9.9"}
          }
        }
        """;

    /** A lockfile v1: the top-level {@code dependencies} only, named by key. */
    private static final String SMALL_V1 = """
        {
          "name": "legacy",
          "lockfileVersion": 1,
          "dependencies": {
            "lodash": {
              "version": "4.17.21",
              "name": "not-used-in-v1"
            },
            "debug": {
              "version": "2.6.9",
              "requires": {"ms": "2.0.0"},
              "dependencies": {"ms": {"version": "2.0.0"}}
            },
            "broken": true
          }
        }
        """;

    @Test
    void shouldReadALockfileV3AsTheTreeReadingDid()
    {
        final List<Dependency> expected = List.of(
            locked("2.0.0", "twice", 27),
            locked("", "bare", 26),
            locked("", "boxed", 25),
            locked("", "nulled", 24),
            locked("1.5", "numeric", 23),
            locked("1.0.0", "real-name", 20),
            locked("2.2.0", "pg-types", 17),
            locked("20.1.0", "@types/node", 16),
            locked("8.11.3", "pg", 10));

        final Findings findings = read(SMALL_V3);

        assertEquals(sorted(expected), sorted(findings.dependencies()));
        assertEquals(treeReading(SMALL_V3), outcome(findings));
    }

    @Test
    void shouldReadALockfileV1AsTheTreeReadingDid()
    {
        final List<Dependency> expected = List.of(
            locked("4.17.21", "lodash", 5), locked("2.6.9", "debug", 9), locked("", "broken", 14));

        final Findings findings = read(SMALL_V1);

        assertEquals(sorted(expected), sorted(findings.dependencies()));
        assertEquals(treeReading(SMALL_V1), outcome(findings));
    }

    @Test
    void shouldReportAMalformedLockfileAsOneDiagnosticAndNoDependencies()
    {
        final String truncated = SMALL_V3.substring(0, SMALL_V3.indexOf("node_modules/bare"));

        final Findings findings = read(truncated);

        assertTrue(findings.dependencies().isEmpty());
        assertEquals(1, findings.diagnostics().size());
        assertTrue(findings.diagnostics().get(0).message().startsWith("malformed package-lock.json: "));
        assertEquals(treeReading(truncated), outcome(findings));
        assertEquals(treeReading(SMALL_V1 + "{}"), outcome(read(SMALL_V1 + "{}")));
    }

    @Test
    void shouldCatalogALockfileOfFiftyThousandPackages()
    {
        final int count = 50_000;
        final StringBuilder json = new StringBuilder("{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n")
            .append("    \"\": {},\n");
        for (int i = 0; i < count; i++)
        {
            json.append("    \"node_modules/p").append(i).append("/node_modules/@s/q").append(i)
                .append("\": {\n      \"version\": \"1.").append(i).append(".0\",\n")
                .append("      \"resolved\": \"https://registry.npmjs.org/@s/q").append(i).append("/-/q-1.0.0.tgz\",\n")
                .append("      \"integrity\": \"sha512-").append("A".repeat(86)).append("==\",\n")
                .append("      \"dependencies\": {\"a\": \"^1\", \"b\": \"~2\"}\n    }")
                .append(i + 1 < count ? ",\n" : "\n");
        }
        json.append("  }\n}\n");

        final Findings findings = read(json.toString());

        assertTrue(findings.diagnostics().isEmpty(), () -> findings.diagnostics().toString());
        assertEquals(count, findings.dependencies().size());
        assertTrue(findings.dependencies().contains(locked("1.0.0", "@s/q0", 5)));
        assertTrue(findings.dependencies().contains(locked("1.49999.0", "@s/q49999", 5 + 6 * 49_999)));
    }

    @Property(tries = 400)
    void shouldFindWhatTheTreeReadingFindsInGeneratedAndDamagedLockfiles(@ForAll("lockfiles") final String text)
    {
        assertEquals(treeReading(text), outcome(read(text)));
    }

    @Provide
    Arbitrary<String> lockfiles()
    {
        final List<String> values = List.of(
            "{\"version\":\"1.0.0\",\"resolved\":\"https://r/x.tgz\",\"dependencies\":{\"a\":\"^1\"}}",
            "{\"link\":true,\"resolved\":\"packages/a\"}", "{\"link\":1}", "{\"link\":false,\"version\":\"3\"}",
            "{\"name\":\"other\",\"version\":\"2.0.0\"}", "{\"version\":7}", "{\"version\":1e3}", "{\"version\":null}",
            "{\"version\":[\"1\"]}", "\"1.0.0\"", "null", "[]", "{}", "{\"version\":\"1\",\"version\":\"2\"}");
        final List<String> keys = List.of(
            "", "node_modules/a", "node_modules/@s/b", "node_modules/a/node_modules/c", "packages/x", "a", "a~b/c");
        final Arbitrary<String> entry = Combinators.combine(Arbitraries.of(keys), Arbitraries.of(values))
            .as((key, value) -> "\"" + key + "\":\n " + value);
        final Arbitrary<String> section = entry.list().ofMaxSize(6).map(list -> "{" + String.join(",\n", list) + "}");
        final Arbitrary<String> top = Combinators.combine(
                Arbitraries.of("packages", "dependencies", "lockfileVersion"), Arbitraries.oneOf(section,
                    Arbitraries.of("3", "\"x\"", "[{\"a\":1}]", "null")))
            .as((key, value) -> "\"" + key + "\": " + value);
        final Arbitrary<String> document = top.list().ofMaxSize(4)
            .map(list -> "{\n" + String.join(",\n", list) + "\n}");
        return Combinators.combine(document, Arbitraries.integers().between(0, 3), Arbitraries.doubles().between(0, 1),
            Arbitraries.strings().withChars("{}[]\",:\\ 1\n\u00e9").ofMaxLength(3))
            .as((text, damage, where, inserted) ->
            {
                final int at = (int)(where * text.length());
                return switch (damage)
                {
                    case 0 -> text.substring(0, at);
                    case 1 -> text.substring(0, at) + inserted + text.substring(at);
                    default -> text;
                };
            });
    }

    private static Findings read(final String text)
    {
        final Findings findings = new Findings();
        CATALOGER.read(new ManifestFile(Path.of("/w/package-lock.json"), "package-lock.json",
            text.getBytes(StandardCharsets.UTF_8)), findings);
        return findings;
    }

    private static Dependency locked(final String version, final String name, final int line)
    {
        return new Dependency("npm", name, version, Dependency.LOCKED, "package-lock.json", line);
    }

    private static List<Dependency> sorted(final List<Dependency> dependencies)
    {
        return dependencies.stream().sorted().distinct().toList();
    }

    /**
     * Dependencies, and where and how badly a document failed to parse. The parser's own words are left out: reading
     * without interned property names, Jackson words a few of its errors differently (a name cut short is "Unexpected
     * end-of-input in property name" rather than "...: was expecting closing '"' for name").
     */
    private static List<Object> outcome(final Findings findings)
    {
        return List.of(sorted(findings.dependencies()), findings.diagnostics().stream().map(NpmLockStreamingTest::kind)
            .sorted().toList());
    }

    private static String kind(final Diagnostic diagnostic)
    {
        final String prefix = "malformed package-lock.json: ";
        return diagnostic.file() + ":" + diagnostic.line() + " " + diagnostic.severity() + " " +
            (diagnostic.message().startsWith(prefix) ? prefix : diagnostic.message());
    }

    /** The reading this cataloger did before it streamed: the whole document as a tree with its lines. */
    private static List<Object> treeReading(final String text)
    {
        final LocatedTree doc;
        try
        {
            doc = LocatedTree.parse(Json.MAPPER, text.getBytes(StandardCharsets.UTF_8));
        }
        catch (final LocatedTree.ParseFailure ex)
        {
            return List.of(List.of(), List.of(kind(new Diagnostic("package-lock.json", ex.line(), Diagnostic.ERROR,
                "malformed package-lock.json: " + ex.getMessage()))));
        }
        final List<Dependency> found = new ArrayList<>();
        final JsonNode packages = doc.tree().path("packages");
        if (packages.isObject())
        {
            for (final Map.Entry<String, JsonNode> entry : packages.properties())
            {
                final String key = entry.getKey();
                final int at = key.lastIndexOf("node_modules/");
                if (at < 0 || entry.getValue().path("link").asBoolean(false))
                {
                    continue;
                }
                found.add(locked(entry.getValue().path("version").asString(""),
                    entry.getValue().path("name").asString(key.substring(at + "node_modules/".length())),
                    doc.line("/packages/" + LocatedTree.segment(key))));
            }
        }
        else
        {
            for (final Map.Entry<String, JsonNode> entry : doc.tree().path("dependencies").properties())
            {
                found.add(locked(entry.getValue().path("version").asString(""), entry.getKey(),
                    doc.line("/dependencies/" + LocatedTree.segment(entry.getKey()))));
            }
        }
        return List.of(sorted(found), List.of());
    }
}
