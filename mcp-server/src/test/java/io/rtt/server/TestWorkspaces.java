package io.rtt.server;

import java.io.IOException;
import java.nio.file.Path;

import io.rtt.testsupport.Examples;

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
}
