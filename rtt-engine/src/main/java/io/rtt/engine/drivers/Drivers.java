package io.rtt.engine.drivers;

import java.nio.file.Path;
import java.util.Set;

/**
 * The built-in drivers, by name. The planner names a route's driver after the serving component's technology, or
 * {@code echo} for a service; names with no built-in driver yet (postgres, redis, ...) are reported, not served.
 */
public final class Drivers
{
    /** Names this build can serve. */
    public static final Set<String> BUILT_IN = Set.of("echo", "sqlite");

    private Drivers()
    {
    }

    /**
     * Starts a driver.
     *
     * @param name    the driver's name.
     * @param dataDir where drivers keep their data; a sqlite driver's database is {@code <component>.sqlite} in it, the
     *                id's unsafe characters replaced by {@code _}.
     * @param serving the serving component's id.
     * @return the driver.
     * @throws IllegalArgumentException for a name with no built-in driver.
     * @throws Exception                when the driver cannot start.
     */
    public static Driver start(final String name, final Path dataDir, final String serving) throws Exception
    {
        return switch (name)
        {
            case "echo" -> new EchoDriver();
            case "sqlite" -> SqliteDriver.open(dataDir.resolve(serving.replaceAll("[^A-Za-z0-9._-]", "_") + ".sqlite"));
            default -> throw new IllegalArgumentException("no built-in driver " + name + " (built in: " +
                String.join(", ", BUILT_IN.stream().sorted().toList()) + ")");
        };
    }
}
