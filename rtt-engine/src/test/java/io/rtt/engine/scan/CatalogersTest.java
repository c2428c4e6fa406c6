package io.rtt.engine.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.rtt.engine.Engine;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.Edge;
import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;
import io.rtt.engine.model.SymbolIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each cataloger on real-shaped fixtures, seen through the index a scan writes.
 */
class CatalogersTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadJavaScriptLockfilesAndWorkspaces() throws IOException
    {
        write("package.json", "{\"name\": \"mono\", \"private\": true, \"workspaces\": [\"packages/*\"]}");
        write("package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {},\n" +
            "    \"node_modules/pg\": {\n      \"version\": \"8.11.3\"\n    },\n" +
            "    \"node_modules/@types/node\": {\n      \"version\": \"20.1.0\"\n    },\n" +
            "    \"node_modules/web\": {\n      \"link\": true\n    }\n  }\n}\n");
        write("yarn.lock", "# yarn lockfile v1\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n" +
            "  version \"7.24.0\"\n  resolved \"https://registry/x\"\n");
        write("pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters:\n  packages/web:\n    dependencies:\n" +
            "      react:\n        specifier: ^18.2.0\n        version: 18.2.0(react-dom@18.2.0)\n");

        final SymbolIndex index = scan();

        assertTrue(index.dependencies().contains(new Dependency("npm", "pg", "8.11.3", "locked", "package-lock.json", 5)));
        assertTrue(index.dependencies().contains(
            new Dependency("npm", "@types/node", "20.1.0", "locked", "package-lock.json", 8)));
        assertTrue(index.dependencies().contains(new Dependency("npm", "@babel/core", "7.24.0", "locked", "yarn.lock", 3)));
        assertTrue(index.dependencies().contains(new Dependency("npm", "react", "18.2.0", "locked", "pnpm-lock.yaml", 6)));
        assertTrue(component(index, rootId()).evidence().stream()
            .anyMatch(e -> e.seen().equals("workspace packages packages/*")));
    }

    @Test
    void shouldReadPythonManifests() throws IOException
    {
        write("svc/Pipfile", "[packages]\nDjango = \"==5.0\"\nrequests = \"*\"\n\n[dev-packages]\npytest = {version = \">=8\"}\n");
        write("lib/setup.cfg", "[metadata]\nname = shop-lib\n\n[options]\ninstall_requires =\n    SQLAlchemy>=2.0\n" +
            "    redis\n\n[options.extras_require]\npg = psycopg[binary]>=3\n");
        write("svc/requirements-dev.in", "-r requirements.txt\nblack==24.1\n");
        write("svc/main.py", "print('hi')\n");

        final SymbolIndex index = scan();

        assertTrue(index.dependencies().contains(new Dependency("pypi", "django", "==5.0", "prod", "svc/Pipfile", 2)));
        assertTrue(index.dependencies().contains(new Dependency("pypi", "requests", "", "prod", "svc/Pipfile", 3)));
        assertTrue(index.dependencies().contains(new Dependency("pypi", "pytest", ">=8", "dev", "svc/Pipfile", 6)));
        assertTrue(index.dependencies().contains(new Dependency("pypi", "sqlalchemy", ">=2.0", "prod", "lib/setup.cfg", 6)));
        assertTrue(index.dependencies().contains(new Dependency("pypi", "psycopg", ">=3", "optional", "lib/setup.cfg", 10)));
        assertTrue(index.dependencies().contains(
            new Dependency("pypi", "black", "==24.1", "dev", "svc/requirements-dev.in", 2)));
        assertTrue(index.diagnostics().stream().anyMatch(d -> d.file().equals("svc/requirements-dev.in") &&
            d.line() == 1 && d.message().equals("included file does not exist: requirements.txt")));
        assertEquals("shop-lib", component(index, "lib").name());
        assertEquals(ComponentKind.SERVICE, component(index, "svc").kind());
    }

    @Test
    void shouldReadJvmDotNetRubyPhpAndRustManifests() throws IOException
    {
        write("ads/build.gradle", "plugins {\n  id 'application'\n}\ndependencies {\n" +
            "    implementation \"io.grpc:grpc-netty:1.62.2\"\n    testImplementation 'junit:junit:4.13.2'\n}\n");
        write("cart/cart.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n" +
            "    <PackageReference Include=\"StackExchange.Redis\" Version=\"2.7.33\" />\n" +
            "    <PackageReference Include=\"Grpc.AspNetCore\">\n      <Version>2.62.0</Version>\n" +
            "    </PackageReference>\n  </ItemGroup>\n</Project>\n");
        write("web/Gemfile", "source 'https://rubygems.org'\ngem 'rails', '~> 7.1', '>= 7.1.3'\n" +
            "group :development, :test do\n  gem 'rspec-rails'\nend\n");
        write("php/composer.json", "{\n  \"name\": \"shop/php\",\n  \"require\": {\n    \"php\": \">=8.2\",\n" +
            "    \"predis/predis\": \"^2.2\"\n  }\n}\n");
        write("rust/Cargo.toml", "[workspace]\nmembers = [\"crates/a\"]\n\n[workspace.dependencies]\n" +
            "tokio = { version = \"1.36\" }\n");
        write("java/pom.xml", "<project>\n  <artifactId>j</artifactId>\n  <modules>\n    <module>core</module>\n" +
            "  </modules>\n</project>\n");

        final SymbolIndex index = scan();

        assertTrue(index.dependencies().contains(
            new Dependency("maven", "io.grpc:grpc-netty", "1.62.2", "prod", "ads/build.gradle", 5)));
        assertTrue(index.dependencies().contains(new Dependency("maven", "junit:junit", "4.13.2", "test", "ads/build.gradle", 6)));
        assertTrue(index.dependencies().contains(
            new Dependency("nuget", "StackExchange.Redis", "2.7.33", "prod", "cart/cart.csproj", 3)));
        assertTrue(index.dependencies().contains(
            new Dependency("nuget", "Grpc.AspNetCore", "2.62.0", "prod", "cart/cart.csproj", 4)));
        assertTrue(index.dependencies().contains(
            new Dependency("rubygems", "rails", "~> 7.1, >= 7.1.3", "prod", "web/Gemfile", 2)));
        assertTrue(index.dependencies().contains(new Dependency("rubygems", "rspec-rails", "", "dev", "web/Gemfile", 4)));
        assertTrue(index.dependencies().contains(
            new Dependency("packagist", "predis/predis", "^2.2", "prod", "php/composer.json", 5)));
        assertTrue(index.dependencies().stream().noneMatch(d -> d.name().equals("php")));
        assertTrue(index.dependencies().contains(new Dependency("cargo", "tokio", "1.36", "workspace", "rust/Cargo.toml", 5)));
        assertEquals("csharp", component(index, "cart").language());
        assertEquals(ComponentKind.SERVICE, component(index, "cart").kind());
        assertEquals(ComponentKind.SERVICE, component(index, "ads").kind());
        assertTrue(index.diagnostics().stream().anyMatch(d -> d.file().equals("ads/build.gradle") &&
            d.severity().equals("info") && d.message().contains("best effort")));
        assertTrue(index.diagnostics().stream().anyMatch(d -> d.file().equals("java/pom.xml") && d.line() == 4 &&
            d.message().equals("module core has no pom.xml")));
    }

    @Test
    void shouldMergeKubernetesWorkloadServiceSourceAndDockerfileIntoOneComponent() throws IOException
    {
        write("src/cart/go.mod", "module example.com/shop/cart\n\ngo 1.22\n\nrequire github.com/redis/go-redis/v9 v9.5.1\n");
        write("src/cart/main.go", "package main\n");
        write("src/cart/Dockerfile", "FROM golang:1.22 AS build\nFROM gcr.io/distroless/base\nEXPOSE 7070\n" +
            "ENTRYPOINT [\"/cart\"]\n");
        write("src/cart/cart.proto", "syntax = \"proto3\";\n// the cart\nservice CartService {\n" +
            "  rpc AddItem(AddItemRequest) returns (Empty) {}\n  rpc GetCart(GetCartRequest) returns (Cart) {}\n}\n");
        write("k8s/cart.yaml", String.join("\n",
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            "  name: cartservice",
            "spec:",
            "  template:",
            "    metadata:",
            "      labels:",
            "        app: cart",
            "    spec:",
            "      containers:",
            "      - name: server",
            "        image: cart",
            "        ports:",
            "        - containerPort: 7070",
            "        env:",
            "        - name: REDIS_ADDR",
            "          value: \"cache:6379\"",
            "        - name: SECRET",
            "          valueFrom: {secretKeyRef: {name: s, key: k}}",
            "---",
            "apiVersion: v1",
            "kind: Service",
            "metadata:",
            "  name: cart-svc",
            "spec:",
            "  selector:",
            "    app: cart",
            "---",
            "apiVersion: apps/v1",
            "kind: StatefulSet",
            "metadata:",
            "  name: cache",
            "spec:",
            "  template:",
            "    metadata:",
            "      labels: {app: cache}",
            "    spec:",
            "      containers:",
            "      - name: redis",
            "        image: valkey/valkey:7.2",
            ""));
        write("k8s/web.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n" +
            "    spec:\n      containers:\n      - name: web\n        image: nginx\n        env:\n" +
            "        - name: CART_ADDR\n          value: cart-svc:7070\n");
        write("chart/templates/cart.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n");

        final SymbolIndex index = scan();

        assertEquals(List.of("cache", "cartservice", "web"), index.components().stream().map(Component::id).toList());
        final Component cart = component(index, "cartservice");
        assertEquals("go", cart.language());
        assertEquals("src/cart", cart.path());
        assertEquals(ComponentKind.SERVICE, cart.kind());
        assertEquals(Set.of("AddItem", "GetCart"), cart.endpoints().stream()
            .filter(e -> e.kind() == Endpoint.Kind.GRPC).map(Endpoint::value).collect(Collectors.toSet()));
        assertTrue(cart.evidence().stream().anyMatch(e -> e.seen().equals("FROM gcr.io/distroless/base") && e.line() == 2));
        assertTrue(cart.evidence().stream().anyMatch(e -> e.seen().equals("Service cart-svc") && e.line() == 22));
        assertEquals("redis", component(index, "cache").technology());
        assertEquals(ComponentKind.DATASTORE, component(index, "cache").kind());
        assertEquals(Set.of("cartservice->cache", "web->cartservice"),
            index.edges().stream().map(e -> e.from() + "->" + e.to()).collect(Collectors.toSet()));
        assertTrue(index.edges().get(0).evidence().stream()
            .anyMatch(e -> e.file().equals("k8s/cart.yaml") && e.line() == 18 && e.seen().equals("REDIS_ADDR=cache:6379")));
        assertTrue(index.edges().get(0).evidence().stream()
            .anyMatch(e -> e.seen().equals("client library github.com/redis/go-redis/v9 (redis)")));
    }

    @Test
    void shouldTakeClientLibraryImportsOfEntryPointsAsEvidence() throws IOException
    {
        write("compose.yaml", "services:\n  worker:\n    build: ./worker\n  queue:\n    image: redis:7\n" +
            "  store:\n    image: postgres:16\n");
        write("worker/requirements.txt", "celery\n");
        write("worker/worker.py", "import os\nfrom redis.asyncio import Redis\nimport psycopg2.extras\n");

        final SymbolIndex index = scan();

        assertEquals(Set.of("worker->queue", "worker->store"),
            index.edges().stream().map(e -> e.from() + "->" + e.to()).collect(Collectors.toSet()));
        assertTrue(index.edges().stream().flatMap(e -> e.evidence().stream()).anyMatch(e ->
            e.file().equals("worker/worker.py") && e.line() == 2 && e.seen().equals("import redis.asyncio (redis)")));
    }

    @Test
    void shouldReadComposeEnvFilesAndProfiles() throws IOException
    {
        write("compose.yaml", "services:\n  api:\n    image: node:20\n    profiles: [dev]\n    env_file: api.env\n" +
            "  db:\n    image: mariadb:11\n");
        write("api.env", "# api settings\nDB_HOST=db\nAPI_TOKEN=s3cr3t\n");

        final SymbolIndex index = scan();

        assertEquals(Set.of("api->db"), index.edges().stream().map(e -> e.from() + "->" + e.to()).collect(Collectors.toSet()));
        assertTrue(index.edges().get(0).evidence().stream().anyMatch(e -> e.file().equals("api.env") && e.line() == 2));
        assertTrue(component(index, "api").endpoints().stream().anyMatch(e -> e.value().equals("***")));
        assertTrue(component(index, "api").evidence().stream().anyMatch(e -> e.seen().endsWith("(profiles: dev)")));
        assertEquals("mysql", component(index, "db").technology());
    }

    @Test
    void shouldTakeASingleQuotedDotEnvValueAsWrittenAsComposeDoes() throws IOException
    {
        write(".env", "PORT=7070\nEXPANDED=\"cart:${PORT}\"\nLITERAL='cart:${PORT}'\n");
        write("compose.yaml", "services:\n  checkout:\n    image: example/checkout:1\n    environment:\n" +
            "      - EXPANDED\n      - LITERAL\n");

        final SymbolIndex index = scan();

        assertEquals("cart:7070", component(index, "checkout").endpoints().stream()
            .filter(e -> e.name().equals("EXPANDED")).findFirst().orElseThrow().value());
        assertEquals("cart:${PORT}", component(index, "checkout").endpoints().stream()
            .filter(e -> e.name().equals("LITERAL")).findFirst().orElseThrow().value());
    }

    @Test
    void shouldResolveComposePassThroughVariablesFromTheDotEnvBesideTheComposeFile() throws IOException
    {
        write(".env", "CART_ADDR=elsewhere:1\nFLAGD_HOST=elsewhere\n"); // not the project's: compose reads its own
        write("deploy/.env", "# ports\nCART_PORT=7070\nCART_ADDR=cart:${CART_PORT}\nFLAGD_HOST=flagd\n" +
            "POSTGRES_PASSWORD=s3cr3t\n");
        write("deploy/compose.yaml", String.join("\n",
            "services:",
            "  checkout:",
            "    image: example/checkout:1",
            "    environment:",
            "      - CART_ADDR",
            "      - KAFKA_SERVICE_ADDR",
            "      - POSTGRES_PASSWORD",
            "  frontend:",
            "    image: example/frontend:1",
            "    environment:",
            "      FLAGD_HOST:",
            "      SHIPPING_ADDR: \"\"",
            "  cart:",
            "    image: example/cart:1",
            "  flagd:",
            "    image: example/flagd:1",
            ""));

        final SymbolIndex index = scan();

        assertEquals(Set.of("checkout->cart", "frontend->flagd"),
            index.edges().stream().map(e -> e.from() + "->" + e.to()).collect(Collectors.toSet()));
        assertEquals(List.of(new Evidence("deploy/compose.yaml", 5, "CART_ADDR=cart:7070 (passed through from " +
            "deploy/.env:3)")), edge(index, "checkout", "cart").evidence());
        assertEquals(List.of(new Evidence("deploy/compose.yaml", 11, "FLAGD_HOST=flagd (passed through from " +
            "deploy/.env:4)")), edge(index, "frontend", "flagd").evidence());
        final Component checkout = component(index, "checkout");
        assertTrue(checkout.endpoints().stream().noneMatch(e -> e.name().equals("KAFKA_SERVICE_ADDR")),
            "set nowhere, compose leaves it unset");
        assertTrue(checkout.endpoints().stream().anyMatch(e -> e.name().equals("POSTGRES_PASSWORD") &&
            e.value().equals("***")));
        assertTrue(component(index, "frontend").endpoints().stream()
            .anyMatch(e -> e.name().equals("SHIPPING_ADDR") && e.value().isEmpty()), "set to empty, not passed");
        assertEquals(List.of(new Diagnostic("deploy/compose.yaml", 6, Diagnostic.INFO, "KAFKA_SERVICE_ADDR is " +
            "passed through from the environment compose runs in and deploy/.env does not set it: unset unless the " +
            "shell sets it, so it names no component")), index.diagnostics());
    }

    @Test
    void shouldPassOverAnEnvironmentValueThatIsAListAndKeepTheRestOfTheFile() throws IOException
    {
        write("compose.yaml", "services:\n  api:\n    image: node:20\n    environment:\n" +
            "      DATABASE_URL: postgres://db:5432/app\n      depends_on: [db]\n  db:\n    image: postgres:16\n");

        final SymbolIndex index = scan();

        assertEquals(Set.of("api->db"), index.edges().stream().map(e -> e.from() + "->" + e.to()).collect(Collectors.toSet()));
        assertTrue(index.diagnostics().stream().anyMatch(d -> d.file().equals("compose.yaml") && d.line() == 6 &&
            d.message().startsWith("environment variable depends_on is a list, not a value")),
            index.diagnostics()::toString);
    }

    @Test
    void shouldRefuseIncludesThatLeaveTheWorkspace() throws IOException
    {
        final Path outside = Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName() + ".env"),
            "LEAK=1\n");
        write("ws/compose.yaml", "services:\n  api:\n    image: node:20\n    env_file: ../../" +
            outside.getFileName() + "\n");
        write("ws/requirements.txt", "-r ../../../etc/passwd\n");

        final SymbolIndex index = Engine.open(dir.resolve("ws")).scan(null, true, ScanListener.NONE).index();

        assertTrue(index.diagnostics().stream().anyMatch(d -> d.file().equals("compose.yaml") &&
            d.message().endsWith("is not a path inside the workspace")), index.diagnostics()::toString);
        assertTrue(index.diagnostics().stream().anyMatch(d -> d.file().equals("requirements.txt") &&
            d.message().startsWith("included file is not a path inside the workspace")));
        assertTrue(index.components().get(0).endpoints().stream().noneMatch(e -> e.name().equals("LEAK")));
    }

    private String rootId()
    {
        return dir.getFileName().toString();
    }

    private SymbolIndex scan()
    {
        return Engine.open(dir).scan(null, true, ScanListener.NONE).index();
    }

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Edge edge(final SymbolIndex index, final String from, final String to)
    {
        return index.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst()
            .orElseThrow(() -> new AssertionError("no edge " + from + "->" + to + " in " + index.edges()));
    }

    private static Component component(final SymbolIndex index, final String id)
    {
        return index.components().stream().filter(c -> c.id().equals(id)).findFirst()
            .orElseThrow(() -> new AssertionError("no component " + id + " in " +
                index.components().stream().map(Component::id).toList()));
    }
}
