package io.rtt.engine.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;

/**
 * A committed workspace whose components call a sqlite ledger from Java ({@code shop}), Python ({@code worker}), Node
 * ({@code web}) and Go ({@code gosvc}), with routes to a redis cache and a neo4j graph (not served: dev services are
 * off) and an echo route from web to shop, every route on a uds lane; and a Rust component whose client is skipped.
 */
final class ConnectorWorkspace
{
    /** The routes each language's check program drives. */
    static final String COMPOSE = """
        services:
          shop:
            build: ./shop
            depends_on: [ledger, cache, graph]
          worker:
            build: ./worker
            depends_on: [ledger, cache, graph]
          web:
            build: ./web
            depends_on: [ledger, cache, graph, shop]
          gosvc:
            build: ./gosvc
            depends_on: [ledger, cache, graph]
          rusty:
            build: ./rusty
            depends_on: [ledger]
          ledger:
            image: keinos/sqlite3:3.47.2
          cache:
            image: redis:7
          graph:
            image: neo4j:5
        """;

    /** Every route on a uds lane, which the Python, Node and Go clients speak; shop->ledger with a deadline. */
    static final String POLICY = """
        services: off
        routes:
          "shop->ledger": { lane: uds, deadlineMs: 3000 }
          "shop->cache": { lane: uds }
          "shop->graph": { lane: uds }
          "worker->ledger": { lane: uds }
          "worker->cache": { lane: uds }
          "worker->graph": { lane: uds }
          "web->ledger": { lane: uds }
          "web->cache": { lane: uds }
          "web->graph": { lane: uds }
          "web->shop": { lane: uds }
          "gosvc->ledger": { lane: uds }
          "gosvc->cache": { lane: uds }
          "gosvc->graph": { lane: uds }
          "rusty->ledger": { lane: uds }
        """;

    private static final Map<String, String> FILES = Map.of(
        "shop/pom.xml", """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>shop</artifactId>
              <version>1.0.0</version>
            </project>
            """,
        "shop/src/main/java/shop/Main.java", "package shop;\n\npublic class Main\n{\n}\n",
        "worker/pyproject.toml", "[project]\nname = \"worker\"\nversion = \"1.0.0\"\n",
        "worker/worker.py", "print('worker')\n",
        "web/package.json", "{\"name\": \"web\", \"version\": \"1.0.0\", \"main\": \"index.js\"}\n",
        "web/index.js", "console.log('web');\n",
        "gosvc/go.mod", "module example.com/gosvc\n\ngo 1.19\n",
        "gosvc/main.go", "package main\n\nfunc main() {}\n",
        "rusty/Cargo.toml", "[package]\nname = \"rusty\"\nversion = \"0.1.0\"\n",
        "rusty/src/main.rs", "fn main() {}\n");

    private ConnectorWorkspace()
    {
    }

    /**
     * Writes the workspace and commits its plan.
     *
     * @param root the workspace root to create.
     * @return its engine.
     * @throws IOException if the files cannot be written.
     */
    static Engine commit(final Path root) throws IOException
    {
        Files.createDirectories(root);
        Files.writeString(root.resolve("compose.yaml"), COMPOSE);
        for (final Map.Entry<String, String> file : FILES.entrySet())
        {
            final Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        Files.writeString(root.resolve("rtt.yaml"), POLICY);
        return CommittedWorkspace.commit(root);
    }
}
