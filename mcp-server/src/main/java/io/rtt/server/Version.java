package io.rtt.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The build's name and version, from a resource the build filters.
 */
public final class Version
{
    /** The program's name, as the MCP server announces it. */
    public static final String NAME = "rtt";

    /** The build's version. */
    public static final String VERSION = load("version", "unknown");

    /** The MCP Java SDK version the build bundles. */
    public static final String MCP_SDK_VERSION = load("mcp.sdk.version", "unknown");

    private Version()
    {
    }

    private static String load(final String key, final String fallback)
    {
        try (InputStream in = Version.class.getResourceAsStream("version.properties"))
        {
            final Properties properties = new Properties();
            if (in != null)
            {
                properties.load(in);
            }
            return properties.getProperty(key, fallback);
        }
        catch (final IOException ex)
        {
            return fallback;
        }
    }
}
