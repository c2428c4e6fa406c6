package io.rtt.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.rtt.testsupport.Examples;
import io.rtt.testsupport.RedisServer;

/**
 * The built jar under test, and the bundled example copied into a temporary directory.
 */
final class TestWorkspaces
{
    static final Path JAR = Path.of(System.getProperty("rtt.jar", "target/rtt.jar")).toAbsolutePath();

    private TestWorkspaces()
    {
    }

    static Path shop(final Path into) throws IOException
    {
        return Examples.copy("shop", into);
    }

    /**
     * The bundled example with its cache pointed at a throwaway redis through rtt.yaml, so that its routes to the
     * cache are served whatever runs on the machine's own redis port.
     */
    static Path shop(final Path into, final RedisServer redis) throws IOException
    {
        final Path shop = shop(into);
        Files.writeString(shop.resolve("rtt.yaml"), "components:\n  cache: { endpoint: \"" + redis.socket() +
            "\" }\n", StandardOpenOption.APPEND);
        return shop;
    }
}
