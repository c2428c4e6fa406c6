package io.rtt.engine.gen;

/**
 * What a route's driver reads, so what its connector offers (docs/PROTOCOL.md, "Driver requests").
 */
public enum RequestFormat
{
    /**
     * postgres and sqlite: {@code {"sql","params"}} and {@code {"tx":[...]}}; {@code query} and
     * {@code transaction}.
     */
    SQL,
    /** redis: a command as a JSON array; {@code command}, {@code get} and {@code set}. */
    REDIS,
    /** neo4j: {@code {"cypher","params"}}; {@code run}. */
    CYPHER,
    /** echo and any other driver: the payload's bytes as they are; {@code call}. */
    RAW;

    /**
     * The format a driver reads.
     *
     * @param driver the route's driver name.
     * @return its format, {@link #RAW} for a driver with no structured format.
     */
    public static RequestFormat of(final String driver)
    {
        return switch (driver)
        {
            case "postgres", "sqlite" -> SQL;
            case "redis" -> REDIS;
            case "neo4j" -> CYPHER;
            default -> RAW;
        };
    }
}
