package io.rtt.engine.scan.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Python package name normalisation (PEP 503): lower case, runs of {@code -_.} become one {@code -}.
 */
public final class Pep503
{
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private Pep503()
    {
    }

    /**
     * Normalises a distribution name.
     *
     * @param name the name as written.
     * @return the normalised name.
     */
    public static String normalize(final String name)
    {
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
