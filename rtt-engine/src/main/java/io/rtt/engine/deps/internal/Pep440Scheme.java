package io.rtt.engine.deps.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python requirement specifiers (PEP 440). An empty specifier allows every final release and names none.
 */
final class Pep440Scheme implements VersionScheme
{
    static final Pep440Scheme INSTANCE = new Pep440Scheme();

    /** One clause naming one version: the styles a version can move in ({@code !=} excludes, it names none). */
    private static final Pattern SIMPLE = Pattern.compile("^(===|==|~=|>=|<=|>|<)(\\s*)([^,;\\s]+?)(\\.\\*)?$");

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
    public String withVersion(final Spec spec, final String version)
    {
        final Matcher matcher = SIMPLE.matcher(spec.text());
        final Pep440.Version target = Pep440.parse(version);
        final Pep440.Version written = matcher.matches() ? Pep440.parse(matcher.group(3)) : null;
        if (written == null || target == null || matcher.group(4) != null && !matcher.group(1).equals("=="))
        {
            return null;
        }
        final String head = matcher.group(1) + matcher.group(2);
        final boolean plain = target.epoch() == 0 && !target.isPrerelease() && target.post() < 0 &&
            target.local().isEmpty();
        // Keep the number of release segments written: ~=2.31 moves to ~=2.32, ==1.2.* to ==1.3.*, 3.1.0 to 3.2.0.
        final String moved = head + (plain ? release(target, written.release().size()) : target.toString()) +
            (matcher.group(4) == null ? "" : ".*");
        if (admits(moved, target))
        {
            return moved;
        }
        final String full = head + target;
        return admits(full, target) ? full : null;
    }

    @Override
    public Comparator<String> order()
    {
        return Comparator.comparing(Pep440::parse);
    }

    private static String release(final Pep440.Version version, final int segments)
    {
        final List<String> parts = new ArrayList<>();
        for (int i = 0; i < segments; i++)
        {
            parts.add(String.valueOf(i < version.release().size() ? version.release().get(i) : BigInteger.ZERO));
        }
        return String.join(".", parts);
    }

    private static boolean admits(final String specifier, final Pep440.Version version)
    {
        try
        {
            return Pep440.satisfies(version, specifier);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
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
