package io.rtt.engine.scan.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the host names an environment variable's value addresses: URLs ({@code postgres://user@db:5432/shop}),
 * {@code host:port} pairs, and bare hosts in variables named like addresses ({@code REDIS_HOST=cache}).
 */
public final class Addresses
{
    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)");
    private static final Pattern HOST_PORT = Pattern.compile("^([A-Za-z0-9_.-]+):(\\d{1,5})$");
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9_.-]+$");
    private static final Pattern ADDRESS_NAME = Pattern.compile(
        ".*(_HOST|_HOSTNAME|_SERVER|_ADDR|_ADDRESS|_URL|_URI|_DSN|_ENDPOINT)$");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]*:)[^/@\\s]+@");

    private Addresses()
    {
    }

    /**
     * The hosts a variable's value names.
     *
     * @param name  the variable's name.
     * @param value its value.
     * @return host names in order of appearance, lower case; empty if the value addresses nothing.
     */
    public static List<String> hosts(final String name, final String value)
    {
        final List<String> hosts = new ArrayList<>();
        final String trimmed = value.trim();
        final String text = trimmed.startsWith("jdbc:") ? trimmed.substring("jdbc:".length()) : trimmed;
        final Matcher url = URL.matcher(text);
        if (url.find())
        {
            String authority = url.group(1);
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            for (final String hostPort : authority.split(","))
            {
                addHost(hosts, stripPort(hostPort));
            }
            return hosts;
        }
        final Matcher hostPort = HOST_PORT.matcher(text);
        if (hostPort.matches())
        {
            addHost(hosts, hostPort.group(1));
        }
        else if (looksLikeAddress(name) && HOST.matcher(text).matches() && !text.chars().allMatch(Character::isDigit))
        {
            addHost(hosts, text);
        }
        return hosts;
    }

    /**
     * Whether a variable's name says it holds an address.
     *
     * @param name the variable's name.
     * @return true for names such as {@code DATABASE_URL} or {@code CATALOG_ADDR}.
     */
    public static boolean looksLikeAddress(final String name)
    {
        return ADDRESS_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches();
    }

    /**
     * Whether a host is this machine or a literal IP address rather than a name of a component.
     *
     * @param host a host name.
     * @return true for loopback, wildcard and IP literals.
     */
    public static boolean isLocalOrLiteral(final String host)
    {
        return "localhost".equals(host) || "host.docker.internal".equals(host) || host.contains(":") ||
            host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    }

    /**
     * A variable's value with its secrets masked, fit to be written into the index: the value of a variable named
     * like a secret, and the password of a URL's user info.
     *
     * @param name  the variable's name.
     * @param value its value.
     * @return the value with secrets replaced by {@code ***}.
     */
    public static String redact(final String name, final String value)
    {
        if (SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches() && !value.isEmpty())
        {
            return "***";
        }
        return URL_PASSWORD.matcher(value).replaceAll("$1***@");
    }

    private static String stripPort(final String hostPort)
    {
        if (hostPort.startsWith("["))
        {
            final int close = hostPort.indexOf(']');
            return close < 0 ? hostPort : hostPort.substring(1, close);
        }
        final int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private static void addHost(final List<String> hosts, final String host)
    {
        if (!host.isEmpty() && !host.contains("$"))
        {
            hosts.add(host.toLowerCase(Locale.ROOT));
        }
    }
}
