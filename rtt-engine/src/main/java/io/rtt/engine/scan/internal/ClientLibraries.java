package io.rtt.engine.scan.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Well-known client libraries, by ecosystem, and the technology each talks to: a dependency on {@code pg} or
 * {@code psycopg} is evidence that a component talks to postgres.
 */
public final class ClientLibraries
{
    private static final Map<String, Map<String, String>> EXACT = Map.of(
        "npm", Map.ofEntries(
            Map.entry("pg", "postgres"), Map.entry("postgres", "postgres"), Map.entry("pg-promise", "postgres"),
            Map.entry("@supabase/supabase-js", "postgres"), Map.entry("ioredis", "redis"), Map.entry("redis", "redis"),
            Map.entry("mysql", "mysql"), Map.entry("mysql2", "mysql"), Map.entry("mongodb", "mongodb"),
            Map.entry("mongoose", "mongodb"), Map.entry("neo4j-driver", "neo4j"),
            Map.entry("@qdrant/js-client-rest", "qdrant"), Map.entry("kafkajs", "kafka"),
            Map.entry("prom-client", "prometheus"), Map.entry("@grpc/grpc-js", "grpc"), Map.entry("grpc", "grpc"),
            Map.entry("sqlite3", "sqlite"), Map.entry("better-sqlite3", "sqlite")),
        "pypi", Map.ofEntries(
            Map.entry("psycopg", "postgres"), Map.entry("psycopg2", "postgres"), Map.entry("psycopg2-binary", "postgres"),
            Map.entry("asyncpg", "postgres"), Map.entry("supabase", "postgres"), Map.entry("redis", "redis"),
            Map.entry("aioredis", "redis"), Map.entry("pymysql", "mysql"), Map.entry("mysqlclient", "mysql"),
            Map.entry("mysql-connector-python", "mysql"), Map.entry("pymongo", "mongodb"), Map.entry("motor", "mongodb"),
            Map.entry("neo4j", "neo4j"), Map.entry("qdrant-client", "qdrant"), Map.entry("kafka-python", "kafka"),
            Map.entry("confluent-kafka", "kafka"), Map.entry("aiokafka", "kafka"),
            Map.entry("prometheus-client", "prometheus"), Map.entry("grpcio", "grpc")),
        "maven", Map.ofEntries(
            Map.entry("org.postgresql:postgresql", "postgres"), Map.entry("redis.clients:jedis", "redis"),
            Map.entry("io.lettuce:lettuce-core", "redis"), Map.entry("org.neo4j.driver:neo4j-java-driver", "neo4j"),
            Map.entry("org.apache.kafka:kafka-clients", "kafka"), Map.entry("org.xerial:sqlite-jdbc", "sqlite"),
            Map.entry("com.mysql:mysql-connector-j", "mysql"), Map.entry("mysql:mysql-connector-java", "mysql"),
            Map.entry("org.mariadb.jdbc:mariadb-java-client", "mysql"), Map.entry("io.qdrant:client", "qdrant")),
        "nuget", Map.ofEntries(
            Map.entry("npgsql", "postgres"), Map.entry("stackexchange.redis", "redis"),
            Map.entry("microsoft.extensions.caching.stackexchangeredis", "redis"), Map.entry("mysql.data", "mysql"),
            Map.entry("mongodb.driver", "mongodb"), Map.entry("neo4j.driver", "neo4j"),
            Map.entry("confluent.kafka", "kafka"), Map.entry("prometheus-net", "prometheus"),
            Map.entry("grpc.net.client", "grpc"), Map.entry("grpc.aspnetcore", "grpc"),
            Map.entry("microsoft.data.sqlite", "sqlite")),
        "cargo", Map.ofEntries(
            Map.entry("tokio-postgres", "postgres"), Map.entry("postgres", "postgres"), Map.entry("redis", "redis"),
            Map.entry("mongodb", "mongodb"), Map.entry("rdkafka", "kafka"), Map.entry("neo4rs", "neo4j"),
            Map.entry("qdrant-client", "qdrant"), Map.entry("prometheus", "prometheus"), Map.entry("tonic", "grpc"),
            Map.entry("rusqlite", "sqlite")),
        "rubygems", Map.ofEntries(
            Map.entry("pg", "postgres"), Map.entry("redis", "redis"), Map.entry("mysql2", "mysql"),
            Map.entry("mongo", "mongodb"), Map.entry("ruby-kafka", "kafka"), Map.entry("grpc", "grpc"),
            Map.entry("sqlite3", "sqlite"), Map.entry("prometheus-client", "prometheus")),
        "packagist", Map.of("predis/predis", "redis", "mongodb/mongodb", "mongodb", "laudis/neo4j-php-client", "neo4j"));

    private record Prefix(String ecosystem, String prefix, String technology)
    {
    }

    private static final List<Prefix> PREFIXES = List.of(
        new Prefix("go", "github.com/jackc/pgx", "postgres"), new Prefix("go", "github.com/lib/pq", "postgres"),
        new Prefix("go", "github.com/redis/go-redis", "redis"), new Prefix("go", "github.com/go-redis/redis", "redis"),
        new Prefix("go", "github.com/gomodule/redigo", "redis"), new Prefix("go", "go.mongodb.org/mongo-driver", "mongodb"),
        new Prefix("go", "github.com/go-sql-driver/mysql", "mysql"),
        new Prefix("go", "github.com/neo4j/neo4j-go-driver", "neo4j"), new Prefix("go", "github.com/qdrant/go-client", "qdrant"),
        new Prefix("go", "github.com/segmentio/kafka-go", "kafka"), new Prefix("go", "github.com/IBM/sarama", "kafka"),
        new Prefix("go", "github.com/Shopify/sarama", "kafka"), new Prefix("go", "github.com/mattn/go-sqlite3", "sqlite"),
        new Prefix("go", "modernc.org/sqlite", "sqlite"),
        new Prefix("go", "github.com/prometheus/client_golang", "prometheus"),
        new Prefix("go", "google.golang.org/grpc", "grpc"), new Prefix("maven", "io.grpc:", "grpc"),
        new Prefix("maven", "io.prometheus:", "prometheus"), new Prefix("maven", "org.mongodb:", "mongodb"));

    private ClientLibraries()
    {
    }

    /**
     * The technology a package is a client of.
     *
     * @param ecosystem the package's ecosystem.
     * @param name      its name as the index records it.
     * @return e.g. {@code postgres}, or {@code null} if the package is no known client library.
     */
    public static String technology(final String ecosystem, final String name)
    {
        final Map<String, String> exact = EXACT.get(ecosystem);
        if (exact != null)
        {
            final String technology = exact.get("nuget".equals(ecosystem) ? name.toLowerCase(Locale.ROOT) : name);
            if (technology != null)
            {
                return technology;
            }
        }
        for (final Prefix prefix : PREFIXES)
        {
            if (prefix.ecosystem.equals(ecosystem) && name.startsWith(prefix.prefix))
            {
                return prefix.technology;
            }
        }
        return null;
    }
}
