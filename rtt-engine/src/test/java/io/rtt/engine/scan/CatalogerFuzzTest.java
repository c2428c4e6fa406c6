package io.rtt.engine.scan;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.rtt.engine.scan.internal.Cataloger;
import io.rtt.engine.scan.internal.Catalogers;
import io.rtt.engine.scan.internal.Findings;
import io.rtt.engine.scan.internal.ManifestFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random bytes and mutated real manifests thrown at every cataloger: no exception escapes, nothing hangs.
 */
class CatalogerFuzzTest
{
    private static final Duration NO_HANG = Duration.ofSeconds(5);

    /** A file name each cataloger accepts, with a real-shaped example of its content. */
    private static final List<List<String>> SAMPLES = List.of(
        List.of("package.json", "{\"name\":\"a\",\"workspaces\":[\"packages/*\"],\"dependencies\":{\"pg\":\"^8\"}}"),
        List.of("package-lock.json", "{\"lockfileVersion\":3,\"packages\":{\"\":{},\"node_modules/pg\":{\"version\":\"8.1.0\"}}}"),
        List.of("yarn.lock", "\"pg@^8.0.0\":\n  version \"8.11.3\"\n  resolved \"x\"\n"),
        List.of("pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      pg:\n        specifier: ^8\n        version: 8.11.3\n"),
        List.of("pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n"),
        List.of("requirements.txt", "-r base.txt\nredis[hiredis]>=5,<6 ; python_version > '3'\npsycopg==3.2 \\\n  --hash=sha256:00\n"),
        List.of("pyproject.toml", "[project]\nname='w'\ndependencies=['redis>=5']\n[tool.poetry.dependencies]\npython='^3.11'\nfastapi={version='^0.1'}\n"),
        List.of("Pipfile", "[packages]\nrequests = '*'\n[dev-packages]\npytest = {version = '>=8'}\n"),
        List.of("setup.cfg", "[metadata]\nname = x\n[options]\ninstall_requires =\n    requests>=2\n    redis\n"),
        List.of("pom.xml", "<project><artifactId>a</artifactId><properties><v>1</v></properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>${v}</version></dependency></dependencies></project>"),
        List.of("build.gradle.kts", "plugins { application }\ndependencies {\n  implementation(\"org.postgresql:postgresql:42.7.3\")\n}\n"),
        List.of("go.mod", "module example.com/x\n\ngo 1.22\n\nrequire (\n\tgithub.com/lib/pq v1.10.9 // indirect\n)\n"),
        List.of("Cargo.toml", "[package]\nname='x'\n[dependencies]\nserde={version='1'}\n[workspace]\nmembers=['a']\n"),
        List.of("app.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"Npgsql\" Version=\"8.0.0\" /></ItemGroup></Project>"),
        List.of("Gemfile", "source 'https://rubygems.org'\ngem 'pg', '~> 1.5'\ngroup :test do\n  gem 'rspec'\nend\n"),
        List.of("composer.json", "{\"name\":\"a/b\",\"require\":{\"php\":\">=8\",\"predis/predis\":\"^2\"}}"),
        List.of("compose.yaml", "services:\n  api:\n    build: ./api\n    env_file: [.env]\n    environment:\n      DATABASE_URL: postgres://db/x\n    depends_on: [db]\n  db:\n    image: postgres:16\n"),
        List.of("deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n      - name: api\n        image: api\n        env:\n        - name: DB_ADDR\n          value: db:5432\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n"),
        List.of("Dockerfile", "FROM --platform=linux/amd64 node:20 AS build\nEXPOSE 3000/tcp $PORT\nCMD [\"node\", \"server.js\"]\n"),
        List.of(".env", "export DATABASE_URL=\"postgres://db:5432/x\" # comment\nREDIS_URL=redis://cache\n"),
        List.of("api.proto", "syntax = \"proto3\";\nservice CartService {\n  rpc AddItem(AddItemRequest) returns (Empty) {}\n}\n"));

    @Property(tries = 300)
    void shouldSurviveRandomBytes(@ForAll("sampleIndex") final int sample, @ForAll @Size(max = 2048) final byte[] bytes)
    {
        readWithEveryAcceptingCataloger(SAMPLES.get(sample).get(0), bytes);
    }

    @Property(tries = 600)
    void shouldSurviveMutatedManifests(@ForAll("mutatedSample") final Mutated mutated)
    {
        readWithEveryAcceptingCataloger(mutated.fileName(), mutated.bytes());
    }

    record Mutated(String fileName, byte[] bytes)
    {
    }

    @Provide
    Arbitrary<Integer> sampleIndex()
    {
        return Arbitraries.integers().between(0, SAMPLES.size() - 1);
    }

    @Provide
    Arbitrary<Mutated> mutatedSample()
    {
        final Arbitrary<Integer> index = sampleIndex();
        final Arbitrary<Integer> kind = Arbitraries.integers().between(0, 4);
        final Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        final Arbitrary<String> inserted = Arbitraries.strings()
            .withChars("{}[]<>\"':=,-#\n\t\\$@/. aZ9\u0000\u00e9")
            .ofMaxLength(12);
        return Combinators.combine(index, kind, where, inserted).as((i, k, w, s) ->
        {
            final String text = SAMPLES.get(i).get(1);
            final int at = (int)(w * text.length());
            final String mutated = switch (k)
            {
                case 0 -> text.substring(0, at); // truncated, as by a writer killed mid-write
                case 1 -> text.substring(0, at) + s + text.substring(at);
                case 2 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + s.length() + 1));
                case 3 -> text.substring(0, at) + text + text.substring(at); // content repeated inside itself
                default -> text.replace(text.isEmpty() ? "" : String.valueOf(text.charAt(at == text.length() ? 0 : at)), s);
            };
            return new Mutated(SAMPLES.get(i).get(0), mutated.getBytes(StandardCharsets.UTF_8));
        });
    }

    private static void readWithEveryAcceptingCataloger(final String fileName, final byte[] bytes)
    {
        final Path path = Path.of(System.getProperty("java.io.tmpdir"), "rtt-fuzz-nonexistent", fileName);
        final ManifestFile file = new ManifestFile(path, "fuzz/" + fileName, bytes);
        for (final Cataloger cataloger : Catalogers.ALL)
        {
            if (cataloger.accepts(fileName))
            {
                assertTimeoutPreemptively(NO_HANG, () -> cataloger.read(file, new Findings()),
                    () -> cataloger.getClass().getSimpleName() + " on " + fileName);
            }
        }
    }
}
