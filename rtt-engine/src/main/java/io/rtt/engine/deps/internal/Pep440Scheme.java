package io.rtt.engine.deps.internal;

import java.util.Comparator;
import java.util.List;

/**
 * Python requirement specifiers (PEP 440). An empty specifier allows every final release and names none.
 */
final class Pep440Scheme implements VersionScheme
{
    static final Pep440Scheme INSTANCE = new Pep440Scheme();

    @Override
    public Spec parse(final String specifier)
    {
        final String text = specifier.trim();
        if (text.startsWith("@"))
        {
            return null; // a direct URL reference
        }
        try
        {
            final List<String> mentioned = Pep440.mentioned(text).stream().map(Pep440.Version::toString).toList();
            return new Spec(text, mentioned, greediness(text), this);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    @Override
    public boolean allows(final Spec spec, final String version)
    {
        final Pep440.Version parsed = Pep440.parse(version);
        return parsed != null && Pep440.satisfies(parsed, spec.text());
    }

    @Override
    public Comparator<String> order()
    {
        return Comparator.comparing(Pep440::parse);
    }

    private static int greediness(final String text)
    {
        if (text.isEmpty())
        {
            return 6;
        }
        if (text.startsWith(">="))
        {
            return 5;
        }
        if (text.startsWith("~="))
        {
            return 4;
        }
        return text.startsWith("==") ? 2 : 3;
    }
}
